import { describe, expect, it } from "vitest";
import { DEFAULT_PER_MESSAGE_CAP, guardQuote, type GuardResult } from "@/lib/x402/quote-guard";
import { BASE, type Network } from "@/lib/networks";
import { DEVNET, BASE_SEPOLIA, requirementFor } from "./fixtures";

const HOSTILE = "0x000000000000000000000000000000000000dEaD";

function refusal(r: GuardResult) {
  if (r.ok) throw new Error("the guard passed a hostile quote");
  expect(r.message).toMatch(/Nothing was signed\.$/);
  return r;
}

describe("guardQuote passes an honest quote", () => {
  it.each([DEVNET, BASE, BASE_SEPOLIA] as Network[])("on %s", (network) => {
    expect(guardQuote(requirementFor(network), network)).toEqual({ ok: true });
  });

  it("compares addresses case-insensitively", () => {
    const req = requirementFor(DEVNET, { asset: DEVNET.usdc.address.toLowerCase(), payTo: DEVNET.payTo.toUpperCase().replace("0X", "0x") });
    expect(guardQuote(req, DEVNET).ok).toBe(true);
  });

  it("accepts a quote without extra.name / extra.version (the table supplies the domain)", () => {
    expect(guardQuote(requirementFor(DEVNET, { extra: {} }), DEVNET).ok).toBe(true);
    expect(guardQuote(requirementFor(DEVNET, { extra: undefined as never }), DEVNET).ok).toBe(true);
  });

  it("accepts timeouts of 1 and 900 seconds, and an amount exactly at the cap", () => {
    expect(guardQuote(requirementFor(DEVNET, { maxTimeoutSeconds: 1 }), DEVNET).ok).toBe(true);
    expect(guardQuote(requirementFor(DEVNET, { maxTimeoutSeconds: 900 }), DEVNET).ok).toBe(true);
    expect(guardQuote(requirementFor(DEVNET, { amount: DEFAULT_PER_MESSAGE_CAP.toString() }), DEVNET).ok).toBe(true);
  });
});

describe("a recipient or token the table does not know: the message is for an operator too", () => {
  it.each([
    ["payTo", { payTo: HOSTILE }, () => BASE.payTo],
    ["asset", { asset: HOSTILE }, () => BASE.usdc.address],
  ] as const)("%s names the expected and the offered value and where the table lives", (_f, over, expected) => {
    const r = refusal(guardQuote(requirementFor(BASE, over), BASE));
    expect(r.message).toContain(HOSTILE);
    expect(r.message).toContain(expected());
    expect(r.message).toMatch(/offered/);
    expect(r.message).toMatch(/expected/);
    expect(r.message).toContain("lib/networks.ts");
  });
});

describe("guardQuote refuses each hostile field", () => {
  it("another payTo", () => {
    const r = refusal(guardQuote(requirementFor(DEVNET, { payTo: HOSTILE }), DEVNET));
    expect(r.code).toBe("pay_to");
    expect(r.message).toContain(HOSTILE);
    expect(r.message).toContain(DEVNET.payTo);
    expect(r.message).toMatch(/^This quote asks you to pay .* but BlockRun's recipient on Devnet is 0x/);
  });

  it("another asset", () => {
    const r = refusal(guardQuote(requirementFor(BASE, { asset: BASE_SEPOLIA.usdc.address }), BASE));
    expect(r.code).toBe("asset");
    expect(r.message).toContain(BASE.usdc.address);
  });

  it("another domain name, or version", () => {
    const r = refusal(guardQuote(requirementFor(BASE, { extra: { name: "USDC", version: "2" } }), BASE));
    expect(r.code).toBe("domain");
    expect(r.message).toContain('"USD Coin"');
    expect(refusal(guardQuote(requirementFor(BASE, { extra: { name: "USD Coin", version: "1" } }), BASE)).code).toBe("domain");
    expect(refusal(guardQuote(requirementFor(BASE, { extra: { name: 42 } }), BASE)).code).toBe("domain");
  });

  it("another chain", () => {
    const r = refusal(guardQuote(requirementFor(DEVNET, { network: "eip155:8453" }), DEVNET));
    expect(r.code).toBe("chain");
    expect(r.message).toContain("eip155:8453");
  });

  it("another scheme, a Permit2 transfer, or another payment flow", () => {
    expect(refusal(guardQuote({ ...requirementFor(DEVNET), scheme: "upto" }, DEVNET)).code).toBe("scheme");
    const permit2 = requirementFor(DEVNET, { extra: { name: "USD Coin", version: "2", assetTransferMethod: "permit2" } });
    expect(refusal(guardQuote(permit2, DEVNET)).code).toBe("scheme");
    const escrow = requirementFor(DEVNET, { extra: { name: "USD Coin", version: "2", paymentFlow: "escrow" } });
    expect(refusal(guardQuote(escrow, DEVNET)).code).toBe("scheme");
  });

  it.each([0, 901, -1, 1.5, Number.NaN])("timeout %s", (t) => {
    expect(refusal(guardQuote(requirementFor(DEVNET, { maxTimeoutSeconds: t }), DEVNET)).code).toBe("timeout");
  });

  it.each(["0", "", "1.5", "-1", "0x10", "1e6"])("amount %j", (amount) => {
    expect(refusal(guardQuote(requirementFor(DEVNET, { amount }), DEVNET)).code).toBe("amount");
  });

  it("amount above the default cap ($0.50) and above a person's own cap", () => {
    const r = refusal(guardQuote(requirementFor(DEVNET, { amount: "500001" }), DEVNET));
    expect(r.code).toBe("cap");
    expect(r.over).toBe(1n);
    expect(r.message).toContain("0.500001 USDC");
    const own = refusal(guardQuote(requirementFor(DEVNET, { amount: "31780" }), DEVNET, { perMessageCap: 30_000n }));
    expect(own.code).toBe("cap");
    expect(own.over).toBe(1780n);
    // A higher personal cap lets a larger amount through.
    expect(guardQuote(requirementFor(DEVNET, { amount: "900000" }), DEVNET, { perMessageCap: 1_000_000n }).ok).toBe(true);
  });

  it("daily limit: refused with the right `over`, passed exactly at the limit", () => {
    const req = requirementFor(DEVNET, { amount: "31780" });
    const r = refusal(guardQuote(req, DEVNET, { dailyLimit: 1_000_000n, spentToday: 990_000n }));
    expect(r.code).toBe("daily_limit");
    expect(r.over).toBe(21_780n);
    expect(r.message).toContain("by 0.021780 USDC");
    expect(r.message).toContain("daily limit of 1.000000 USDC");
    expect(guardQuote(req, DEVNET, { dailyLimit: 1_000_000n, spentToday: 968_220n }).ok).toBe(true);
    expect(refusal(guardQuote(req, DEVNET, { dailyLimit: 31_779n })).over).toBe(1n);
  });

  it("conversation limit: refused with the right `over`", () => {
    const req = requirementFor(DEVNET, { amount: "31780" });
    const r = refusal(guardQuote(req, DEVNET, { conversationLimit: 100_000n, spentInConversation: 80_000n }));
    expect(r.code).toBe("conversation_limit");
    expect(r.over).toBe(11_780n);
    expect(guardQuote(req, DEVNET, { conversationLimit: 100_000n, spentInConversation: 68_220n }).ok).toBe(true);
  });

  it("limits given as undefined (not configured) are not applied", () => {
    const req = requirementFor(DEVNET);
    expect(guardQuote(req, DEVNET, { dailyLimit: undefined, spentToday: undefined, conversationLimit: undefined }).ok).toBe(true);
  });

  it("a requirement of the wrong shape is refused, not thrown", () => {
    expect(guardQuote(null as never, DEVNET).ok).toBe(false);
    expect(guardQuote({ scheme: "exact" } as never, DEVNET).ok).toBe(false);
  });
});
