/**
 * Token counting and the up-front quote, as BlockRun prices a chat request (protocol-facts §2):
 *
 *   amount = ceil(prompt_tokens x input $/1M) + ceil(max_tokens x output $/1M) + $0.001 fee,  at least $0.001
 *
 * in USDC atomic units (6 decimals), all in bigint. Long-context rates reprice the whole request when the prompt
 * passes the tier's threshold. Flat models cost `pricing.flat` per call. The same body always gives the same quote.
 */
import { countTokens, encode, decode } from "gpt-tokenizer/encoding/o200k_base";
import type { CatalogEntry } from "./catalog";
import {
  countPromptTokens as countShared,
  MESSAGE_OVERHEAD_TOKENS,
  REPLY_PRIMER_TOKENS,
  type PromptMessage,
} from "../../lib/pricing/prompt-tokens";
// Special-token strings in user text are plain text: the same options as the browser's counter.
import { TEXT_ONLY } from "../../lib/pricing/tokenizer";

export function tokenCount(text: string): number {
  return text.length === 0 ? 0 : countTokens(text, TEXT_ONLY);
}

export function tokenize(text: string): number[] {
  return text.length === 0 ? [] : encode(text, TEXT_ONLY);
}

export function detokenize(tokens: number[]): string {
  return decode(tokens);
}

export { MESSAGE_OVERHEAD_TOKENS, REPLY_PRIMER_TOKENS };

export type ChatMessage = PromptMessage;

/** Prompt tokens of a message list: the app's estimate counts with the same function (lib/pricing/prompt-tokens.ts). */
export function countPromptTokens(messages: readonly ChatMessage[]): number {
  return countShared(messages, tokenCount);
}

/** BlockRun's flat fee per paid call: $0.001. Also the minimum charge. */
export const FEE_ATOMIC = 1000n;
export const MIN_CHARGE_ATOMIC = 1000n;
const PER_MILLION = 1_000_000n;

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

export interface Quote {
  /** Total to pay, USDC atomic units. */
  amount: bigint;
  inputCost: bigint;
  outputCost: bigint;
  fee: bigint;
  /** Flat per-call price (flat models), else 0. */
  flat: bigint;
  promptTokens: number;
  maxTokens: number;
  longContext: boolean;
}

/** Quote for a paid or flat model. Free models are never quoted. */
export function quote(entry: CatalogEntry, promptTokens: number, maxTokens: number): Quote {
  const r = entry.rates;
  if (entry.model.billing_mode === "flat") {
    const flat = r.flat ?? 0n;
    return { amount: flat, inputCost: 0n, outputCost: 0n, fee: 0n, flat, promptTokens, maxTokens, longContext: false };
  }
  let input = r.input;
  let output = r.output;
  let longContext = false;
  for (const tier of r.longContext) {
    const over = tier.inclusive ? promptTokens >= tier.threshold : promptTokens > tier.threshold;
    if (over) {
      input = tier.input;
      output = tier.output;
      longContext = true;
    }
  }
  const inputCost = ceilDiv(BigInt(promptTokens) * input, PER_MILLION);
  const outputCost = ceilDiv(BigInt(maxTokens) * output, PER_MILLION);
  let amount = inputCost + outputCost + FEE_ATOMIC;
  if (amount < MIN_CHARGE_ATOMIC) amount = MIN_CHARGE_ATOMIC;
  return { amount, inputCost, outputCost, fee: FEE_ATOMIC, flat: 0n, promptTokens, maxTokens, longContext };
}

/** Atomic USDC to a 6-decimal USD string: 1012n -> "0.001012". */
export function formatUsd6(atomic: bigint): string {
  const neg = atomic < 0n;
  const a = neg ? -atomic : atomic;
  return `${neg ? "-" : ""}${a / 1_000_000n}.${(a % 1_000_000n).toString().padStart(6, "0")}`;
}

/** The `price` object of the 402 body. */
export function priceBody(q: Quote) {
  return {
    amount: formatUsd6(q.amount),
    currency: "USD" as const,
    breakdown: {
      inputCost: formatUsd6(q.inputCost),
      outputCost: formatUsd6(q.outputCost),
      margin: "0%",
      fee: formatUsd6(q.fee),
      ...(q.flat > 0n ? { flat: formatUsd6(q.flat) } : {}),
    },
  };
}
