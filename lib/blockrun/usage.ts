/**
 * Token usage in one shape, whichever label family the gateway used: OpenAI's (`prompt_tokens_details.cached_tokens`,
 * BlockRun's `prompt_tokens_details.cached_creation_tokens`, `completion_tokens_details.reasoning_tokens`) or
 * Anthropic's (`cache_read_input_tokens`, `cache_creation_input_tokens`, `input_tokens`, `output_tokens`).
 * Tolerant: a field of the wrong type is treated as missing.
 */
import { z } from "zod";

export interface Usage {
  /** Whole prompt, cache reads included. */
  promptTokens: number;
  /** Whole output, reasoning included. */
  completionTokens: number;
  totalTokens: number;
  cachedReadTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
}

/** A non-negative count; anything else (negative, NaN, junk) is treated as absent. */
const count = z
  .union([z.number(), z.string().regex(/^\d{1,15}$/).transform(Number)])
  .pipe(z.number().finite().nonnegative())
  .transform(Math.floor)
  .optional()
  .catch(undefined);

const details = z
  .object({ cached_tokens: count, cached_creation_tokens: count, cache_creation_tokens: count, reasoning_tokens: count })
  .partial()
  .passthrough()
  .optional()
  .catch(undefined);

const rawUsage = z
  .object({
    prompt_tokens: count,
    completion_tokens: count,
    total_tokens: count,
    input_tokens: count,
    output_tokens: count,
    cache_read_input_tokens: count,
    cache_creation_input_tokens: count,
    prompt_tokens_details: details,
    completion_tokens_details: details,
  })
  .passthrough();

/** undefined when `raw` carries no token counts at all. */
export function normalizeUsage(raw: unknown): Usage | undefined {
  const r = rawUsage.safeParse(raw);
  if (!r.success) return undefined;
  const u = r.data;
  const cachedRead = u.prompt_tokens_details?.cached_tokens ?? u.cache_read_input_tokens;
  const cacheWrite =
    u.prompt_tokens_details?.cached_creation_tokens ?? u.prompt_tokens_details?.cache_creation_tokens ?? u.cache_creation_input_tokens;
  const reasoning = u.completion_tokens_details?.reasoning_tokens;

  // Anthropic-native `input_tokens` excludes cache reads and writes; OpenAI-style `prompt_tokens` includes them.
  const prompt = u.prompt_tokens ?? (u.input_tokens !== undefined ? u.input_tokens + (cachedRead ?? 0) + (cacheWrite ?? 0) : undefined);
  const completion = u.completion_tokens ?? u.output_tokens;
  if (prompt === undefined && completion === undefined && u.total_tokens === undefined) return undefined;

  const usage: Usage = {
    promptTokens: prompt ?? 0,
    completionTokens: completion ?? 0,
    totalTokens: u.total_tokens ?? (prompt ?? 0) + (completion ?? 0),
  };
  if (cachedRead !== undefined) usage.cachedReadTokens = cachedRead;
  if (cacheWrite !== undefined) usage.cacheWriteTokens = cacheWrite;
  if (reasoning !== undefined) usage.reasoningTokens = reasoning;
  return usage;
}
