import { describe, expect, it } from "vitest";
import { FaultBox, faultSchema } from "@/devnet/gateway/faults";
import { checkPaymentPayload, createX402 } from "@/devnet/gateway/payment";

describe("faults", () => {
  it("applies defaults", () => {
    expect(faultSchema.parse({ kind: "rate_limit" })).toEqual({ kind: "rate_limit", times: 1, retry_after_seconds: 1 });
    expect(faultSchema.parse({ kind: "slow_first_byte", ms: 50 })).toMatchObject({ ms: 50, on: "answer", times: 1 });
    expect(faultSchema.parse({ kind: "hostile_amount", amount: "5" })).toMatchObject({ amount: "5" });
    expect(faultSchema.safeParse({ kind: "nope" }).success).toBe(false);
    expect(faultSchema.safeParse({ kind: "rate_limit", times: 0 }).success).toBe(false);
  });

  it("consumes a fault only at its own stage, `times` times", () => {
    const box = new FaultBox();
    box.arm(faultSchema.parse({ kind: "upstream_failure", times: 2 }));
    box.arm(faultSchema.parse({ kind: "rate_limit" }));
    expect(box.take(["body_only_challenge"])).toBeUndefined();
    expect(box.take(["rate_limit", "bad_gateway"])?.kind).toBe("rate_limit");
    expect(box.take(["rate_limit", "bad_gateway"])).toBeUndefined();
    expect(box.take(["upstream_failure"])?.kind).toBe("upstream_failure");
    expect(box.list()).toEqual([{ kind: "upstream_failure", times: 2, status: 502, remaining: 1 }]);
    expect(box.take(["upstream_failure"])?.kind).toBe("upstream_failure");
    expect(box.take(["upstream_failure"])).toBeUndefined();
    expect(box.size).toBe(0);
  });

  it("filters with a predicate and clears", () => {
    const box = new FaultBox();
    box.arm(faultSchema.parse({ kind: "slow_first_byte", ms: 10 }));
    expect(box.take(["slow_first_byte"], (f) => f.on === "any")).toBeUndefined();
    expect(box.take(["slow_first_byte"], () => true)?.ms).toBe(10);
    box.arm(faultSchema.parse({ kind: "bad_gateway", times: 5 }));
    box.clear();
    expect(box.size).toBe(0);
  });
});

describe("x402 requirements (official library parity, no chain needed)", () => {
  const opts = {
    rpcUrl: "http://127.0.0.1:1", // never called: building requirements needs no RPC
    chainId: 84532,
    usdc: { address: "0x036cbd53842c5426634e7929541ec2318f3dcf7e" as const, name: "USDC", version: "2", decimals: 6 as const },
    payTo: "0xe9030014f5dae217d0a152f02a043567b16c1abf" as const,
    facilitatorPrivateKey: "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6" as const,
  };

  it("builds exactly what x402ResourceServer.buildPaymentRequirements builds", async () => {
    const x = await createX402(opts);
    const mine = x.requirements(31_780n);
    const official = await x.resourceServer.buildPaymentRequirements({
      scheme: "exact",
      network: "eip155:84532",
      payTo: "0xe9030014F5DAe217d0A152f02A043567b16c1aBf",
      price: { amount: "31780", asset: "0x036CbD53842c5426634e7929541eC2318f3dCF7e", extra: { name: "USDC", version: "2" } },
      maxTimeoutSeconds: 300,
    });
    expect([mine]).toEqual(official);
    expect(mine).toEqual({
      scheme: "exact",
      network: "eip155:84532",
      amount: "31780",
      asset: "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
      payTo: "0xe9030014F5DAe217d0A152f02A043567b16c1aBf",
      maxTimeoutSeconds: 300,
      extra: { name: "USDC", version: "2" },
    });
    const resource = { url: "http://127.0.0.1/api/v1/chat/completions", description: "d", mimeType: "application/json" };
    const pr = x.paymentRequired([mine], resource, "Payment required");
    expect(JSON.parse(JSON.stringify(pr))).toEqual(
      JSON.parse(JSON.stringify(await x.resourceServer.createPaymentRequiredResponse([mine], resource, "Payment required"))),
    );
  });

  // BlockRun matches a payment by what it pays, not by a deep-equal `accepted` (its SDK rebuilds `accepted`).
  it("matches a payment that covers the quote, to the same token and recipient", async () => {
    const x = await createX402(opts);
    const req = x.requirements(1063n);
    const payload = (accepted: unknown) => ({ x402Version: 2, accepted, payload: {} }) as never;
    expect(x.match(req, payload({ ...req, extra: { ...req.extra } }))).toEqual(req);
    // The SDK's own `accepted`: no extra of the 402's, addresses in another case, its own maxTimeoutSeconds.
    const sdkish = { scheme: "exact", network: req.network, amount: "1063", asset: req.asset.toLowerCase(), payTo: req.payTo.toLowerCase(), maxTimeoutSeconds: 300 };
    expect(x.match(req, payload(sdkish))).toEqual(req);
    // Paying more than the quote is accepted, and verified/settled at the amount signed.
    expect(x.match(req, payload({ ...req, amount: "2000" }))).toEqual({ ...req, amount: "2000" });
    expect(x.match(req, payload({ ...req, maxTimeoutSeconds: 60 }))).toEqual({ ...req, maxTimeoutSeconds: 60 });
    expect(x.match(req, payload({ ...req, amount: "1062" }))).toBeUndefined();
    expect(x.match(req, payload({ ...req, amount: "1e9" }))).toBeUndefined();
    expect(x.match(req, payload({ ...req, payTo: "0x000000000000000000000000000000000000dEaD" }))).toBeUndefined();
    expect(x.match(req, payload({ ...req, asset: "0x000000000000000000000000000000000000dEaD" }))).toBeUndefined();
    expect(x.match(req, payload({ ...req, network: "eip155:1" }))).toBeUndefined();
    expect(x.match(req, payload(undefined))).toBeUndefined();
  });
});

describe("checkPaymentPayload", () => {
  const accepted = {
    scheme: "exact",
    network: "eip155:31337",
    amount: "1000",
    asset: "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
    payTo: "0xe9030014F5DAe217d0A152f02A043567b16c1aBf",
    maxTimeoutSeconds: 300,
    extra: { name: "USDC", version: "2" },
  };
  const authorization = {
    from: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
    to: accepted.payTo,
    value: "1000",
    validAfter: "0",
    validBefore: "9999999999",
    nonce: `0x${"11".repeat(32)}`,
  };
  it("accepts a well-formed v2 EIP-3009 payload", () => {
    expect(checkPaymentPayload({ x402Version: 2, accepted, payload: { signature: `0x${"ab".repeat(65)}`, authorization } }).ok).toBe(true);
  });
  it("rejects junk with a reason", () => {
    expect(checkPaymentPayload({ x402Version: 1, accepted, payload: {} })).toMatchObject({ ok: false, reason: "invalid_x402_version" });
    expect(checkPaymentPayload("x")).toMatchObject({ ok: false, reason: "invalid_payload" });
    expect(
      checkPaymentPayload({ x402Version: 2, accepted, payload: { signature: "0xab", authorization: { ...authorization, value: "1e3" } } }),
    ).toMatchObject({ ok: false, reason: "invalid_payload" });
  });
});
