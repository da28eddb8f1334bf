import { describe, expect, it } from "vitest";
import { normalizeUsage } from "@/lib/blockrun/usage";

describe("normalizeUsage", () => {
  it("plain OpenAI usage", () => {
    expect(normalizeUsage({ prompt_tokens: 12, completion_tokens: 8, total_tokens: 20 })).toEqual({ promptTokens: 12, completionTokens: 8, totalTokens: 20 });
  });

  it("OpenAI-convention labels: cached reads, BlockRun's cached_creation_tokens, reasoning", () => {
    expect(
      normalizeUsage({
        prompt_tokens: 1200,
        completion_tokens: 300,
        total_tokens: 1500,
        prompt_tokens_details: { cached_tokens: 1000, cached_creation_tokens: 150 },
        completion_tokens_details: { reasoning_tokens: 120 },
      }),
    ).toEqual({ promptTokens: 1200, completionTokens: 300, totalTokens: 1500, cachedReadTokens: 1000, cacheWriteTokens: 150, reasoningTokens: 120 });
  });

  it("Anthropic-native labels beside prompt_tokens (as BlockRun mirrors them)", () => {
    expect(
      normalizeUsage({ prompt_tokens: 1200, completion_tokens: 300, total_tokens: 1500, cache_read_input_tokens: 1000, cache_creation_input_tokens: 150 }),
    ).toEqual({ promptTokens: 1200, completionTokens: 300, totalTokens: 1500, cachedReadTokens: 1000, cacheWriteTokens: 150 });
  });

  it("both families present: the same numbers, counted once", () => {
    const u = normalizeUsage({
      prompt_tokens: 50, completion_tokens: 5, total_tokens: 55,
      prompt_tokens_details: { cached_tokens: 40, cached_creation_tokens: 6 },
      cache_read_input_tokens: 40, cache_creation_input_tokens: 6,
    });
    expect(u).toEqual({ promptTokens: 50, completionTokens: 5, totalTokens: 55, cachedReadTokens: 40, cacheWriteTokens: 6 });
  });

  it("Claude-native input/output tokens: the prompt folds in cache reads and writes", () => {
    expect(normalizeUsage({ input_tokens: 10, output_tokens: 7, cache_read_input_tokens: 100, cache_creation_input_tokens: 20 })).toEqual({
      promptTokens: 130, completionTokens: 7, totalTokens: 137, cachedReadTokens: 100, cacheWriteTokens: 20,
    });
  });

  it("computes a missing total", () => {
    expect(normalizeUsage({ prompt_tokens: 3, completion_tokens: 4 })?.totalTokens).toBe(7);
  });

  it("is tolerant: junk fields are ignored, numeric strings read, nothing throws", () => {
    expect(normalizeUsage({ prompt_tokens: "12", completion_tokens: 8.0, total_tokens: -1, prompt_tokens_details: "x", completion_tokens_details: { reasoning_tokens: "lots" } })).toEqual({
      promptTokens: 12, completionTokens: 8, totalTokens: 20,
    });
    expect(normalizeUsage({ prompt_tokens: 1, completion_tokens: 1, extra_field: { a: 1 } })).toEqual({ promptTokens: 1, completionTokens: 1, totalTokens: 2 });
    for (const raw of [undefined, null, 5, "usage", [], {}, { foo: 1 }]) expect(normalizeUsage(raw)).toBeUndefined();
  });
});
