import { describe, expect, it } from "vitest";
import { encodePaymentRequiredHeader } from "@x402/core/http";
import { ChallengeError, readChallenge, MAX_CHALLENGE_HEADER_CHARS } from "@/lib/x402/challenge";
import { b64, blockrunBody, DEVNET, BASE_SEPOLIA, paymentRequiredFor, requirementFor } from "./fixtures";

const pr = paymentRequiredFor(DEVNET);

function res402(headers: Record<string, string>, body?: unknown, status = 402): Response {
  return new Response(body === undefined ? null : typeof body === "string" ? body : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

async function refused(res: Response, network = DEVNET): Promise<ChallengeError> {
  try {
    await readChallenge(res, network);
  } catch (e) {
    expect(e).toBeInstanceOf(ChallengeError);
    expect((e as Error).message.length).toBeGreaterThan(10);
    return e as ChallengeError;
  }
  throw new Error("readChallenge did not refuse");
}

describe("readChallenge: each source", () => {
  it("reads PAYMENT-REQUIRED (x402 v2 header) and the body's price breakdown", async () => {
    const c = await readChallenge(res402({ "PAYMENT-REQUIRED": encodePaymentRequiredHeader(pr) }, blockrunBody(pr)), DEVNET);
    expect(c.source).toBe("header");
    expect(c.headerName).toBe("PAYMENT-REQUIRED");
    expect(c.amount).toBe(31780n);
    expect(c.requirement).toEqual(requirementFor(DEVNET));
    expect(c.paymentRequired).toEqual(pr);
    expect(c.breakdown).toEqual({ inputCost: "0.000012", outputCost: "0.030768", margin: "0%", fee: "0.001000" });
    expect(c.price).toEqual({ amount: "0.031780", currency: "USD" });
    expect(c.error).toBe("Payment required");
    expect(c.message).toBe("This endpoint requires x402 payment");
  });

  it("reads X-Payment-Required when PAYMENT-REQUIRED is absent", async () => {
    const c = await readChallenge(res402({ "X-Payment-Required": encodePaymentRequiredHeader(pr) }), DEVNET);
    expect(c.source).toBe("header");
    expect(c.headerName).toBe("X-Payment-Required");
    expect(c.amount).toBe(31780n);
    expect(c.breakdown).toBeUndefined();
  });

  it('reads WWW-Authenticate: X402 requirements="<b64>"', async () => {
    const c = await readChallenge(
      res402({ "WWW-Authenticate": `X402 realm="blockrun", requirements="${encodePaymentRequiredHeader(pr)}"` }),
      DEVNET,
    );
    expect(c.headerName).toBe("WWW-Authenticate");
    expect(c.amount).toBe(31780n);
  });

  it("ignores a WWW-Authenticate of another scheme and falls back to the body", async () => {
    const c = await readChallenge(res402({ "WWW-Authenticate": 'Bearer realm="x"' }, blockrunBody(pr)), DEVNET);
    expect(c.source).toBe("body");
  });

  it("reads the body's mirrored x402Version/accepts when no header is there", async () => {
    const c = await readChallenge(res402({}, blockrunBody(pr)), DEVNET);
    expect(c.source).toBe("body");
    expect(c.amount).toBe(31780n);
    expect(c.paymentRequired.x402Version).toBe(2);
    expect(c.paymentRequired.accepts).toEqual(pr.accepts);
    // Display fields of the body are not part of the PaymentRequired.
    expect(c.paymentRequired).not.toHaveProperty("price");
    expect(c.error).toBe("Payment Required");
    expect(c.breakdown?.inputCost).toBe("0.000012");
  });

  it("prefers the header over the body, and falls through a broken header to the next source", async () => {
    const other = paymentRequiredFor(DEVNET, [requirementFor(DEVNET, { amount: "999" })]);
    const c1 = await readChallenge(res402({ "PAYMENT-REQUIRED": encodePaymentRequiredHeader(other) }, blockrunBody(pr)), DEVNET);
    expect(c1.amount).toBe(999n);
    const c2 = await readChallenge(res402({ "PAYMENT-REQUIRED": "%%%not-base64%%%" }, blockrunBody(pr)), DEVNET);
    expect(c2.source).toBe("body");
    expect(c2.amount).toBe(31780n);
  });

  it("chooses exact on this network explicitly, whether an upto entry comes first or later", async () => {
    const upto = { ...requirementFor(DEVNET, { amount: "5" }), scheme: "upto" };
    const onOtherChain = requirementFor(BASE_SEPOLIA, { amount: "7" });
    for (const accepts of [[upto, onOtherChain, requirementFor(DEVNET)], [requirementFor(DEVNET), upto]]) {
      const c = await readChallenge(res402({ "PAYMENT-REQUIRED": encodePaymentRequiredHeader(paymentRequiredFor(DEVNET, accepts)) }), DEVNET);
      expect(c.requirement.scheme).toBe("exact");
      expect(c.amount).toBe(31780n);
    }
  });

  it("keeps the chosen requirement unchanged (it is echoed back as `accepted`)", async () => {
    const req = { ...requirementFor(DEVNET), extra: { name: "USD Coin", version: "2", vendorThing: { a: 1 } } };
    const c = await readChallenge(res402({ "PAYMENT-REQUIRED": encodePaymentRequiredHeader(paymentRequiredFor(DEVNET, [req])) }), DEVNET);
    expect(c.requirement).toEqual(req);
  });

  it("accepts a raw JSON header value and unpadded base64", async () => {
    const c1 = await readChallenge(res402({ "X-Payment-Required": JSON.stringify(pr) }), DEVNET);
    expect(c1.amount).toBe(31780n);
    const c2 = await readChallenge(res402({ "PAYMENT-REQUIRED": encodePaymentRequiredHeader(pr).replace(/=+$/, "") }), DEVNET);
    expect(c2.amount).toBe(31780n);
  });
});

describe("readChallenge: malformed input is a ChallengeError, never anything else", () => {
  it("bad base64", async () => {
    const e = await refused(res402({ "PAYMENT-REQUIRED": "@@@@" }));
    expect(e.message).toMatch(/base64/);
  });

  it("base64 of something that is not JSON", async () => {
    const e = await refused(res402({ "PAYMENT-REQUIRED": b64("hello, not json") }));
    expect(e.message).toMatch(/JSON/);
  });

  it("JSON that is not an object", async () => {
    await refused(res402({ "PAYMENT-REQUIRED": b64("[1,2,3]") }));
    await refused(res402({ "PAYMENT-REQUIRED": b64("null") }));
  });

  it("x402 version 1 or none", async () => {
    expect((await refused(res402({ "PAYMENT-REQUIRED": b64(JSON.stringify({ ...pr, x402Version: 1 })) }))).message).toMatch(/version 1/);
    const noVersion: Record<string, unknown> = { ...pr };
    delete noVersion.x402Version;
    expect((await refused(res402({ "PAYMENT-REQUIRED": b64(JSON.stringify(noVersion)) }))).message).toMatch(/version/);
  });

  it("accepts missing, not a list, or empty", async () => {
    const noAccepts: Record<string, unknown> = { ...pr };
    delete noAccepts.accepts;
    await refused(res402({ "PAYMENT-REQUIRED": b64(JSON.stringify(noAccepts)) }));
    await refused(res402({ "PAYMENT-REQUIRED": b64(JSON.stringify({ ...pr, accepts: "exact" })) }));
    expect((await refused(res402({ "PAYMENT-REQUIRED": b64(JSON.stringify({ ...pr, accepts: [] })) }))).message).toMatch(/no way to pay/);
  });

  it("no exact entry for this network", async () => {
    const e = await refused(res402({ "PAYMENT-REQUIRED": encodePaymentRequiredHeader(paymentRequiredFor(BASE_SEPOLIA)) }));
    expect(e.message).toMatch(/no "exact" USDC payment on Devnet/);
    expect(e.message).toMatch(/eip155:84532/);
  });

  it.each([
    ["missing amount", { amount: undefined }],
    ["amount with decimals", { amount: "0.031780" }],
    ["negative amount", { amount: "-5" }],
    ["amount as a number", { amount: 31780 }],
    ["amount of 40 digits", { amount: "1".repeat(40) }],
    ["missing payTo", { payTo: undefined }],
    ["missing asset", { asset: undefined }],
    ["timeout not a number", { maxTimeoutSeconds: "300" }],
    ["extra not an object", { extra: "USD Coin" }],
  ])("%s", async (_label, over) => {
    const req = JSON.parse(JSON.stringify({ ...requirementFor(DEVNET), ...over }));
    const e = await refused(res402({ "PAYMENT-REQUIRED": b64(JSON.stringify({ ...pr, accepts: [req] })) }));
    expect(e.message).toMatch(/malformed/);
  });

  // @blockrun/llm extractPaymentDetails: `maxTimeoutSeconds: option.maxTimeoutSeconds || 300`.
  it("a missing maxTimeoutSeconds means 300 seconds (as BlockRun's SDK reads it)", async () => {
    const req: Partial<ReturnType<typeof requirementFor>> = { ...requirementFor(DEVNET) };
    delete req.maxTimeoutSeconds;
    const c = await readChallenge(res402({ "PAYMENT-REQUIRED": b64(JSON.stringify({ ...pr, accepts: [req] })) }), DEVNET);
    expect(c.requirement.maxTimeoutSeconds).toBe(300);
    expect(c.amount).toBe(31780n);
  });

  it("a 10 MB header is refused unread", async () => {
    const huge = "A".repeat(10 * 1024 * 1024);
    const e = await refused(res402({ "PAYMENT-REQUIRED": huge }));
    expect(e.message).toMatch(/KB/);
    expect(huge.length).toBeGreaterThan(MAX_CHALLENGE_HEADER_CHARS);
  });

  it("a 10 MB body without headers", async () => {
    const body = JSON.stringify({ ...blockrunBody(pr), padding: "x".repeat(10 * 1024 * 1024) });
    const e = await refused(res402({}, body));
    expect(e.message).toMatch(/too large/);
  });

  it("a body that is not JSON, or JSON without a price", async () => {
    await refused(res402({}, "<html>Payment Required</html>"));
    await refused(res402({}, { error: "Payment Required" }));
    await refused(res402({}, undefined));
  });

  it("a body whose accepts entries are junk", async () => {
    await refused(res402({}, { x402Version: 2, accepts: [null, 5, "x"] }));
  });

  it("WWW-Authenticate naming X402 without requirements", async () => {
    const e = await refused(res402({ "WWW-Authenticate": 'X402 realm="x"' }));
    expect(e.message).toMatch(/WWW-Authenticate/);
  });

  it("a status other than 402", async () => {
    const e = await refused(res402({ "PAYMENT-REQUIRED": encodePaymentRequiredHeader(pr) }, {}, 200));
    expect(e.message).toMatch(/200/);
  });

  it("an unreadable body (already used) with no header", async () => {
    const res = res402({}, blockrunBody(pr));
    await res.text();
    await refused(res);
  });
});
