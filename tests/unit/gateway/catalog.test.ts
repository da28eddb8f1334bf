import { describe, expect, it } from "vitest";
import { CATALOG, decimalToMicro, FALLBACK_MODEL_ID, findModel, modelsList } from "@/devnet/gateway/catalog";

describe("catalog", () => {
  it("lists models in BlockRun's /v1/models shape", () => {
    const list = modelsList();
    expect(list.object).toBe("list");
    expect(list.data.length).toBe(CATALOG.length);
    for (const m of list.data) {
      expect(Object.keys(m).sort()).toEqual(
        ["available", "billing_mode", "categories", "context_window", "description", "id", "max_output", "name", "owned_by", "pricing"].sort(),
      );
      expect(m.id).toMatch(/^[a-z0-9-]+\/[a-z0-9.-]+$/);
      expect(m.owned_by).toBe(m.id.split("/")[0]);
      expect(["paid", "flat", "free"]).toContain(m.billing_mode);
      expect(typeof m.pricing.input).toBe("number");
      expect(typeof m.pricing.output).toBe("number");
      expect(m.context_window).toBeGreaterThan(m.max_output);
      expect(m.available).toBe(true);
      expect(m.categories).toContain("chat");
    }
    expect(new Set(list.data.map((m) => m.id)).size).toBe(list.data.length);
  });

  it("carries the snapshot's real ids and prices", () => {
    const price = (id: string) => {
      const m = findModel(id)?.model;
      if (!m) throw new Error(`missing ${id}`);
      return [m.pricing.input, m.pricing.output];
    };
    expect(price("openai/gpt-5.5")).toEqual([5, 30]);
    expect(price("openai/gpt-5.4-mini")).toEqual([0.75, 4.5]);
    expect(price("openai/gpt-4o-mini")).toEqual([0.15, 0.6]);
    expect(price("anthropic/claude-opus-4.8")).toEqual([5, 25]);
    expect(price("anthropic/claude-opus-4.7")).toEqual([5, 25]);
    expect(price("anthropic/claude-sonnet-4.6")).toEqual([3, 15]);
    expect(price("anthropic/claude-haiku-4.5")).toEqual([1, 5]);
    expect(price("google/gemini-3.1-pro")).toEqual([2, 12]);
    expect(price("google/gemini-2.5-flash")).toEqual([0.3, 2.5]);
    expect(price("xai/grok-4.5")).toEqual([2.5, 9]);
    expect(price("deepseek/deepseek-chat")).toEqual([0.14, 0.28]);
    expect(price("deepseek/deepseek-reasoner")).toEqual([0.14, 0.28]);
    expect(findModel("openai/gpt-5.5")!.model.pricing.long_context).toEqual([
      { threshold: 272_000, inclusive: false, input: 10, output: 45, cache_read: 1 },
    ]);
    expect(findModel("google/gemini-3.1-pro")!.model.pricing.long_context?.[0]).toMatchObject({ threshold: 200_000, input: 4, output: 18 });
  });

  it("has a flat-priced model and a free one", () => {
    const flat = CATALOG.filter((e) => e.model.billing_mode === "flat");
    expect(flat.length).toBeGreaterThan(0);
    for (const e of flat) expect(e.model.pricing.flat).toBeGreaterThan(0);
    expect(findModel("openai/gpt-oss-20b")!.model.pricing.flat).toBe(0.001);
    expect(findModel("nvidia/llama-3.2-11b-vision")!.model.billing_mode).toBe("free");
    expect(findModel(FALLBACK_MODEL_ID)!.model.billing_mode).toBe("free");
  });

  it("keeps exact integer rates equal to the displayed prices", () => {
    for (const e of CATALOG) {
      expect(e.rates.input).toBe(decimalToMicro(String(e.model.pricing.input)));
      expect(e.rates.output).toBe(decimalToMicro(String(e.model.pricing.output)));
      expect(e.rates.longContext.length).toBe(e.model.pricing.long_context?.length ?? 0);
    }
  });

  it("flags reasoning, prompt-cache and sampling-strip models", () => {
    expect(findModel("openai/gpt-5.5")!.reasoning).toBe(true);
    expect(findModel("openai/gpt-5.4-mini")!.reasoning).toBe(true);
    expect(findModel("deepseek/deepseek-reasoner")!.reasoning).toBe(true);
    expect(findModel("openai/gpt-4o-mini")!.reasoning).toBe(false);
    expect(CATALOG.filter((e) => e.promptCache).every((e) => e.model.owned_by === "anthropic")).toBe(true);
    expect(CATALOG.filter((e) => e.stripsSampling).map((e) => e.model.id).sort()).toEqual([
      "anthropic/claude-opus-4.7",
      "anthropic/claude-opus-4.8",
    ]);
  });
});
