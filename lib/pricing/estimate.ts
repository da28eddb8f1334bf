/**
 * What this message would cost on each model, without asking the gateway: the gateway's own formula over the
 * prompt tokens counted once (lib/pricing/prompt-tokens.ts). Pure and synchronous, so the whole table is a few
 * bigint operations per model on each keystroke.
 *
 * Per model, as BlockRun quotes (protocol-facts §2; the devnet's devnet/gateway/server.ts + pricing.ts):
 *   - the prompt must fit: prompt_tokens < context_window, else the gateway refuses (400), nothing to estimate;
 *   - max_tokens defaults to 1024 and is clamped to min(requested, max_output, context_window - prompt_tokens),
 *     and the clamped value is what is priced (@blockrun/llm CHANGELOG 3.8.3);
 *   - amount = ceil(prompt x input/1M) + ceil(max_tokens x output/1M) + $0.001 fee, at least $0.001, with the
 *     long-context tier's rates when the prompt passes its threshold; flat models cost their flat price, free 0
 *     (estimateCost in lib/blockrun/models.ts, already checked against the devnet's quote).
 *
 * Exactness: the devnet counts every model's prompt with o200k, which is what we count with, so there every
 * estimate is the 402's amount to the atomic unit (tests/integration/price-estimate.test.ts). Real BlockRun does
 * not document how it counts prompt tokens for its quote; for OpenAI models o200k is the model's own tokenizer,
 * so we assume the counts agree; other families (Claude, Gemini, Grok, DeepSeek, ...) have their own tokenizers,
 * so their estimates are marked "about". Flat and free prices do not depend on tokens and are always exact.
 */
import { estimateCost, type ModelInfo } from "../blockrun/models";
import type { NetworkId } from "../networks";

/** BlockRun's default when the body has no max_tokens (the seed page; the devnet's validation.ts). */
export const DEFAULT_MAX_TOKENS = 1024;

export type EstimatedModel = Pick<ModelInfo, "id" | "ownedBy" | "billingMode" | "pricing" | "priceKnown" | "contextWindow" | "maxOutput">;

export interface ModelEstimate {
  id: string;
  /** USDC atomic units; undefined when the catalog gave no price or the prompt does not fit. */
  amount: bigint | undefined;
  /** false: the gateway may count this model's tokens differently, show "about". */
  exact: boolean;
  /** The prompt fits the model's context window (unknown windows count as fitting). */
  fits: boolean;
  promptTokens: number;
  /** The max_tokens the gateway prices after clamping. */
  maxTokens: number;
  contextWindow: number;
}

/** The gateway's clamp: min(requested or default, max_output, headroom). */
export function effectiveMaxTokens(requested: number | undefined, model: Pick<ModelInfo, "maxOutput" | "contextWindow">, promptTokens: number): number {
  let n = requested ?? DEFAULT_MAX_TOKENS;
  if (model.maxOutput > 0) n = Math.min(n, model.maxOutput);
  if (model.contextWindow > 0) n = Math.min(n, model.contextWindow - promptTokens);
  return Math.max(n, 0);
}

export function fitsContext(model: Pick<ModelInfo, "contextWindow">, promptTokens: number): boolean {
  return model.contextWindow <= 0 || model.contextWindow - promptTokens >= 1;
}

/** Whether our o200k count is the gateway's count for this model on this network (see the header). */
export function isExact(networkId: NetworkId | undefined, model: Pick<ModelInfo, "billingMode" | "ownedBy" | "id">): boolean {
  if (model.billingMode !== "paid") return true;
  if (networkId === "devnet") return true;
  return model.ownedBy === "openai" || model.id.startsWith("openai/");
}

export function estimateModel(model: EstimatedModel, promptTokens: number, requestedMaxTokens: number | undefined, networkId?: NetworkId): ModelEstimate {
  const fits = fitsContext(model, promptTokens);
  const maxTokens = effectiveMaxTokens(requestedMaxTokens, model, promptTokens);
  const amount = fits ? estimateCost(model, promptTokens, maxTokens) : undefined;
  return { id: model.id, amount, exact: isExact(networkId, model), fits, promptTokens, maxTokens, contextWindow: model.contextWindow };
}

/** The picker's table: one estimate per model, in catalog order. */
export function estimateTable(models: readonly EstimatedModel[], promptTokens: number, requestedMaxTokens: number | undefined, networkId?: NetworkId): ModelEstimate[] {
  return models.map((m) => estimateModel(m, promptTokens, requestedMaxTokens, networkId));
}

/** Cheapest first; models without an estimate (unknown price, does not fit) last, in catalog order. */
export function byPrice<T extends { amount: bigint | undefined }>(rows: readonly T[]): T[] {
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const x = a.r.amount, y = b.r.amount;
      if (x === undefined || y === undefined) return x === y ? a.i - b.i : x === undefined ? 1 : -1;
      return x < y ? -1 : x > y ? 1 : a.i - b.i;
    })
    .map((x) => x.r);
}

/** Below this the carried history is not worth a note, whatever its share: $0.001, the fee itself. */
export const CONTEXT_NOTE_FLOOR_ATOMIC = 1000n;

export interface ContextShare {
  /** What carrying the history adds to this message's price. */
  carriedCost: bigint;
  amount: bigint;
  /** More than half of the price, and above the floor. */
  dominates: boolean;
}

/**
 * How much of one model's price the carried history makes up: the full estimate minus the estimate of the same
 * message sent with nothing carried (so the fee, max_tokens and tiers are all accounted for by the one formula).
 */
export function contextShare(
  model: EstimatedModel,
  carriedTokens: number,
  draftTokens: number,
  baseTokens: number,
  requestedMaxTokens: number | undefined,
): ContextShare | undefined {
  const full = estimateModel(model, carriedTokens + draftTokens, requestedMaxTokens).amount;
  const alone = estimateModel(model, baseTokens + draftTokens, requestedMaxTokens).amount;
  if (full === undefined || alone === undefined) return undefined;
  const carriedCost = full > alone ? full - alone : 0n;
  return { carriedCost, amount: full, dominates: carriedCost >= CONTEXT_NOTE_FLOOR_ATOMIC && carriedCost * 2n > full };
}
