/**
 * Error bodies as BlockRun sends them (awesome-blockrun docs/api-reference/errors.md and chat-completions.md):
 * OpenAI's envelope `{error: {message, type, code, param}}` with `message` and `code` mirrored at the top level for
 * older clients, `debug` for the upstream's raw text, `details` for a schema failure; an unknown model is a plain
 * string error; a payment that fails verification is a 402 `{error: "Payment verification failed", code, message,
 * debug, payer}` whose code is PAYMENT_UNFUNDED, PAYMENT_REPLAY or PAYMENT_INVALID.
 */
export type ErrorType = "invalid_request_error" | "rate_limit_error" | "api_error" | "payment_required";

export function envelope(
  code: string,
  message: string,
  type: ErrorType,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { error: { message, type, code, param: null }, message, code, ...extra };
}

export function unknownModel(model: string, known: string[]): Record<string, unknown> {
  return { error: `Unknown model: ${model}. Try one of: ${known.slice(0, 5).join(", ")}. Full list: GET /v1/models` };
}

/** The facilitator's reason code (@x402/evm) to BlockRun's machine-readable code. */
export function paymentCode(reason: string): "PAYMENT_UNFUNDED" | "PAYMENT_REPLAY" | "PAYMENT_INVALID" {
  if (/nonce_already_used/.test(reason)) return "PAYMENT_REPLAY";
  // "an authorization outside its validAfter/validBefore window reverts the same way" (errors.md)
  if (/insufficient_balance|simulation_failed|valid_before|valid_after/.test(reason)) return "PAYMENT_UNFUNDED";
  return "PAYMENT_INVALID";
}

/** BlockRun's 402 for a PAYMENT-SIGNATURE that did not verify. Nothing was charged. */
export function paymentRejected(reason: string, payer?: string): Record<string, unknown> {
  const code = paymentCode(reason);
  const who = payer ? { payer } : {};
  if (code === "PAYMENT_REPLAY") {
    return { error: "Payment authorization already used", message: "Sign a fresh payment authorization for each request.", code, ...who };
  }
  const message =
    code === "PAYMENT_UNFUNDED"
      ? "The payment authorization could not be executed on-chain. The usual cause is an insufficient USDC balance for the quoted amount, or an authorization outside its validity window."
      : "Sign exactly the requirements from the 402 header (network, asset, amount, payTo).";
  return { error: "Payment verification failed", code, message, debug: reason, ...who };
}
