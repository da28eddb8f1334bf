import { describe, expect, it } from "vitest";
import { encodePaymentResponseHeader } from "@x402/core/http";
import { inspectSettlement, readSettlement } from "@/lib/x402/settlement";
import { b64 } from "./fixtures";

const TX = `0x${"ab".repeat(32)}`;
const PAYER = "0x70997970C51812dc3A010C7d01b50e79d17dc79C";

const withHeaders = (h: Record<string, string>) => new Response("ok", { status: 200, headers: h });

describe("readSettlement", () => {
  it("reads a successful PAYMENT-RESPONSE", () => {
    const header = encodePaymentResponseHeader({ success: true, transaction: TX, network: "eip155:31337", payer: PAYER });
    expect(readSettlement(withHeaders({ "PAYMENT-RESPONSE": header }))).toEqual({
      success: true,
      transaction: TX,
      network: "eip155:31337",
      payer: PAYER,
      source: "payment-response",
    });
  });

  it("reads a failed settlement with its reason, verbatim", () => {
    const header = encodePaymentResponseHeader({
      success: false,
      transaction: "",
      network: "eip155:31337",
      errorReason: "invalid_exact_evm_insufficient_balance",
      errorMessage: "balance too low",
    });
    const s = readSettlement(new Response(null, { status: 402, headers: { "PAYMENT-RESPONSE": header } }));
    expect(s).toMatchObject({ success: false, errorReason: "invalid_exact_evm_insufficient_balance", errorMessage: "balance too low" });
    expect(s?.transaction).toBeUndefined();
  });

  it("reads X-Payment-Receipt: <tx hash>", () => {
    expect(readSettlement(withHeaders({ "X-Payment-Receipt": TX }))).toEqual({ success: true, transaction: TX, source: "receipt" });
  });

  it("prefers PAYMENT-RESPONSE, and falls back to the receipt when it is unreadable", () => {
    const other = `0x${"cd".repeat(32)}`;
    const header = encodePaymentResponseHeader({ success: true, transaction: other, network: "eip155:31337" });
    expect(readSettlement(withHeaders({ "PAYMENT-RESPONSE": header, "X-Payment-Receipt": TX }))?.transaction).toBe(other);
    const r = inspectSettlement(withHeaders({ "PAYMENT-RESPONSE": "%%%", "X-Payment-Receipt": TX }));
    expect(r.settlement?.transaction).toBe(TX);
    expect(r.problem).toMatch(/PAYMENT-RESPONSE/);
  });

  it("accepts a Headers object too", () => {
    expect(readSettlement(new Headers({ "x-payment-receipt": TX }))?.transaction).toBe(TX);
  });

  it("answers undefined when neither header is present", () => {
    expect(readSettlement(withHeaders({}))).toBeUndefined();
    expect(inspectSettlement(withHeaders({}))).toEqual({});
  });

  it.each([
    ["not base64", { "PAYMENT-RESPONSE": "@@not base64@@" }],
    ["base64 of junk", { "PAYMENT-RESPONSE": b64("not json") }],
    ["JSON without success", { "PAYMENT-RESPONSE": b64(JSON.stringify({ transaction: TX })) }],
    ["success with no transaction", { "PAYMENT-RESPONSE": b64(JSON.stringify({ success: true, transaction: "", network: "eip155:1" })) }],
    ["success with a junk transaction", { "PAYMENT-RESPONSE": b64(JSON.stringify({ success: true, transaction: "0x12", network: "eip155:1" })) }],
    ["a huge header", { "PAYMENT-RESPONSE": "A".repeat(1_000_000) }],
    ["a receipt that is not a hash", { "X-Payment-Receipt": "paid, trust me" }],
  ])("malformed (%s): undefined plus a reason, never a throw", (_l, h) => {
    const r = inspectSettlement(withHeaders(h));
    expect(r.settlement).toBeUndefined();
    expect(r.problem).toBeTruthy();
    expect(readSettlement(withHeaders(h))).toBeUndefined();
  });
});
