/**
 * A quote is an unpaid request: the gateway answers 402 with the price and nothing is charged. The composer asks
 * for one as the person types (debounced), so Send opens the dialog at once and only one round trip follows the
 * signature.
 */
import { postCompletion } from "../blockrun/completions";
import { gatewayErrorFrom, GatewayError } from "../blockrun/errors";
import { readChallenge } from "../x402/challenge";
import type { Network } from "../networks";
import type { Quote } from "./quote-fresh";

export type { Quote };

export async function fetchQuote(network: Network, body: string, signal?: AbortSignal): Promise<Quote> {
  const res = await postCompletion(network.id, body, { signal });
  if (res.status === 402) {
    const challenge = await readChallenge(res, network);
    return { body, challenge, amount: challenge.amount, receivedAt: Date.now() };
  }
  // A 200 here would be a free reply we did not ask for; drain it and say the model needs no payment.
  if (res.ok) {
    await res.body?.cancel().catch(() => {});
    throw new GatewayError({ kind: "unknown", status: res.status, message: "This model answered without asking for payment." });
  }
  throw await gatewayErrorFrom(res);
}

export { isQuoteFresh, QUOTE_MAX_AGE_MS } from "./quote-fresh";
