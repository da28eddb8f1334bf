/** A quote and its freshness: small and in the first load (the price line); fetching one (./quote.ts) loads on
 *  the first keystroke with the send code. */
import type { Challenge } from "../x402/challenge";

export interface Quote {
  /** The exact request body the price is for. */
  body: string;
  challenge: Challenge;
  amount: bigint;
  receivedAt: number;
}

/** Quotes older than this are fetched again before signing: prices can move. */
export const QUOTE_MAX_AGE_MS = 60_000;

export function isQuoteFresh(q: Quote | undefined, body: string, now = Date.now()): q is Quote {
  return !!q && q.body === body && now - q.receivedAt < QUOTE_MAX_AGE_MS;
}
