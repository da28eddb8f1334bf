import { describe, expect, it } from "vitest";
import { encodePaymentResponseHeader } from "@x402/core/http";
import { encodePaymentRequiredHeader } from "@x402/core/http";
import { describeRefusal, gatewayErrorFrom, GatewayError } from "@/lib/blockrun/errors";

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(typeof body === "string" ? body : JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

describe("gatewayErrorFrom", () => {
  it("400 {error, details}: bad_request naming the details", async () => {
    const e = await gatewayErrorFrom(
      json(400, { error: "Invalid request body", details: [{ path: ["max_tokens"], message: "Expected number, received string" }, "messages: required"] }),
    );
    expect(e).toBeInstanceOf(GatewayError);
    expect(e.kind).toBe("bad_request");
    expect(e.status).toBe(400);
    expect(e.message).toContain("Invalid request body");
    expect(e.message).toContain("max_tokens: Expected number, received string");
    expect(e.message).toContain("messages: required");
    expect(e.message).toMatch(/not charged/);
  });

  it("402 after paying: the reason code verbatim, from the body", async () => {
    const e = await gatewayErrorFrom(json(402, { x402Version: 2, error: "invalid_exact_evm_payload_authorization_valid_before", accepts: [] }));
    expect(e.kind).toBe("payment_refused");
    expect(e.detail).toBe("invalid_exact_evm_payload_authorization_valid_before");
    expect(e.message).toContain("invalid_exact_evm_payload_authorization_valid_before");
  });

  it("402 whose body also has a message is still a payment refusal (not mistaken for our route's {error, message})", async () => {
    const e = await gatewayErrorFrom(json(402, { error: "invalid_exact_evm_signature", message: "Payment verification failed" }));
    expect(e.kind).toBe("payment_refused");
    expect(e.detail).toBe("invalid_exact_evm_signature");
  });

  it("402 with a failed settlement: the PAYMENT-RESPONSE errorReason verbatim", async () => {
    const header = encodePaymentResponseHeader({ success: false, transaction: "", network: "eip155:8453", errorReason: "invalid_exact_evm_insufficient_balance", errorMessage: "0 < 31780" });
    const e = await gatewayErrorFrom(json(402, { error: "Settlement failed" }, { "PAYMENT-RESPONSE": header }));
    expect(e.kind).toBe("payment_refused");
    expect(e.detail).toBe("invalid_exact_evm_insufficient_balance (0 < 31780)");
  });

  it("413: too_large", async () => {
    const e = await gatewayErrorFrom(json(413, { error: "Payload too large" }));
    expect(e.kind).toBe("too_large");
    expect(e.message).toMatch(/new chat/);
  });

  it("429 with Retry-After (seconds, or an HTTP date) or retry_after_seconds", async () => {
    const a = await gatewayErrorFrom(json(429, { error: "Rate limited", retry_after_seconds: 12 }, { "Retry-After": "7" }));
    expect(a.kind).toBe("rate_limited");
    expect(a.retryAfterSeconds).toBe(7);
    expect(a.message).toContain("7 seconds");
    const b = await gatewayErrorFrom(json(429, { error: "Rate limited", retry_after_seconds: 12 }));
    expect(b.retryAfterSeconds).toBe(12);
    const c = await gatewayErrorFrom(json(429, {}, { "Retry-After": new Date(Date.now() + 30_000).toUTCString() }));
    expect(c.retryAfterSeconds).toBeGreaterThanOrEqual(28);
    expect(c.retryAfterSeconds).toBeLessThanOrEqual(31);
    const d = await gatewayErrorFrom(json(429, "slow down"));
    expect(d.retryAfterSeconds).toBeUndefined();
    expect(d.transient).toBe(true);
  });

  it.each([502, 503])("%i: upstream, transient, not charged", async (status) => {
    const e = await gatewayErrorFrom(json(status, { error: "Bad gateway" }));
    expect(e.kind).toBe("upstream");
    expect(e.transient).toBe(true);
    expect(e.message).toMatch(/not charged/);
  });

  it("504: upstream timeout, not charged", async () => {
    const e = await gatewayErrorFrom(json(504, { error: "Upstream timeout" }));
    expect(e.kind).toBe("timeout");
    expect(e.message).toMatch(/not charged/);
  });

  it("our own route's {error: code, message}: keeps the message, classifies by status and code", async () => {
    const a = await gatewayErrorFrom(json(404, { error: "unknown_network", message: "There is no network called \"mars\"." }));
    expect(a.kind).toBe("bad_request");
    expect(a.message).toBe("There is no network called \"mars\".");
    expect(a.detail).toBe("unknown_network");
    const b = await gatewayErrorFrom(json(502, { error: "gateway_unreachable", message: "The devnet gateway is not running: start it with npm run dev." }));
    expect(b.kind).toBe("unreachable");
    expect(b.message).toMatch(/npm run dev/);
    const c = await gatewayErrorFrom(json(504, { error: "gateway_timeout", message: "The gateway did not answer in time." }));
    expect(c.kind).toBe("timeout");
  });

  it("bodies that are not JSON, empty, HTML or huge still map by status, never throw", async () => {
    expect((await gatewayErrorFrom(new Response(null, { status: 503 }))).kind).toBe("upstream");
    expect((await gatewayErrorFrom(new Response("<html>502 Bad Gateway</html>", { status: 502 }))).kind).toBe("upstream");
    const huge = await gatewayErrorFrom(new Response("x".repeat(5_000_000), { status: 400 }));
    expect(huge.kind).toBe("bad_request");
    expect(huge.message.length).toBeLessThan(1000);
    expect((await gatewayErrorFrom(new Response("teapot", { status: 418 }))).kind).toBe("bad_request");
    expect((await gatewayErrorFrom(new Response("oops", { status: 500 }))).kind).toBe("upstream");
    const used = new Response("{}", { status: 429 });
    await used.text();
    expect((await gatewayErrorFrom(used)).kind).toBe("rate_limited");
  });

  it("402 from x402's reference server: body {}, the reason only in PAYMENT-REQUIRED's error", async () => {
    const header = encodePaymentRequiredHeader({ x402Version: 2, error: "invalid_exact_evm_signature", resource: { url: "u", description: "", mimeType: "" }, accepts: [] });
    const e = await gatewayErrorFrom(json(402, {}, { "PAYMENT-REQUIRED": header }), { paid: true });
    expect(e.kind).toBe("payment_refused");
    expect(e.detail).toBe("invalid_exact_evm_signature");
    expect(e.message).toMatch(/did not settle/); // its word; the chain decides (lib/payments/status.ts)
  });

  it("402 in BlockRun's {error, code, message, debug}: the code and the facilitator's reason", async () => {
    const e = await gatewayErrorFrom(json(402, { error: "Payment verification failed", code: "PAYMENT_UNFUNDED", message: "The payment authorization could not be executed on-chain.", debug: "invalid_exact_evm_insufficient_balance", payer: "0x1" }), { paid: true });
    expect(e.kind).toBe("payment_refused");
    expect(e.detail).toBe("PAYMENT_UNFUNDED (invalid_exact_evm_insufficient_balance; The payment authorization could not be executed on-chain.)");
    expect(e.money).toBe("unknown"); // signed: not proven until the authorization expires unused
  });

  it("402 {error, details}: the details are the reason", async () => {
    const e = await gatewayErrorFrom(json(402, { error: "Payment verification failed", details: "invalid_exact_evm_payload_authorization_value_mismatch" }), { paid: true });
    expect(e.detail).toBe("invalid_exact_evm_payload_authorization_value_mismatch");
  });

  it.each([400, 401])("%i after a payment was sent is a payment refusal, not 'access refused' or 'check the model'", async (status) => {
    const e = await gatewayErrorFrom(json(status, { error: "invalid_payload" }), { paid: true });
    expect(e.kind).toBe("payment_refused");
    expect(e.message).not.toMatch(/access|check the model/i);
    expect(e.message).toContain("invalid_payload");
    // Without a payment, the same answer is about the request.
    expect((await gatewayErrorFrom(json(status, { error: "invalid_payload" }))).kind).toBe("bad_request");
  });

  it("a 400 after paying that is about the request (no payment words, no challenge) stays a bad request", () => {
    const r = describeRefusal({ status: 400, headers: new Headers(), body: { error: "Invalid request body", details: [{ path: ["model"], message: "Required" }] } }, { paid: true });
    expect(r.kind).toBe("bad_request");
  });

  it("OpenAI's envelope {error: {message, type, code}} and {code, message} keep their text", async () => {
    const a = await gatewayErrorFrom(json(503, { error: { message: "Model unavailable — try later", type: "api_error", code: "MODEL_UNAVAILABLE", param: null }, code: "MODEL_UNAVAILABLE", debug: "overloaded_error" }));
    expect(a.message).toContain("Model unavailable — try later");
    expect(a.detail).toBe("MODEL_UNAVAILABLE: overloaded_error");
    const b = await gatewayErrorFrom(json(503, { message: "Service temporarily unavailable", code: "MODEL_UNAVAILABLE" }));
    expect(b.message).toContain("Service temporarily unavailable");
    const c = await gatewayErrorFrom(json(400, { error: { message: "Unsupported parameter: top_k", type: "invalid_request_error" } }));
    expect(c.message).toContain("Unsupported parameter: top_k");
  });
});
