import { describe, expect, it } from "vitest";
import { estimateCost, fetchModels, toDecimal, type ModelInfo } from "@/lib/blockrun/models";
import { parseModels, toModelInfo } from "@/lib/blockrun/catalog-reader";
import { GatewayError } from "@/lib/blockrun/errors";

const gpt55 = {
  id: "openai/gpt-5.5",
  name: "GPT-5.5",
  owned_by: "openai",
  description: "Flagship.",
  categories: ["chat", "reasoning"],
  billing_mode: "paid",
  pricing: { input: 5, output: 30, cache_read: 0.5, long_context: [{ threshold: 272000, inclusive: false, input: 10, output: 45, cache_read: 1 }] },
  context_window: 1050000,
  max_output: 128000,
  available: true,
  some_future_field: { x: 1 },
};
const mini = { id: "openai/gpt-4o-mini", name: "GPT-4o mini", owned_by: "openai", description: "", categories: ["chat"], billing_mode: "paid", pricing: { input: 0.15, output: 0.6 }, context_window: 128000, max_output: 16384 };
const opus = { ...mini, id: "anthropic/claude-opus-4.7", name: "Claude Opus 4.7", owned_by: "anthropic", pricing: { input: 5, output: 25, cache_read: 0.5, cache_write: 6.25 } };
const opus48 = { ...opus, id: "anthropic/claude-opus-4.8", name: "Claude Opus 4.8" };
const sonnet = { ...opus, id: "anthropic/claude-sonnet-4.6", pricing: { input: 3, output: 15 } };
const flat = { id: "openai/gpt-oss-20b", name: "GPT-OSS 20B", billing_mode: "flat", pricing: { flat: 0.001 }, context_window: 131072, max_output: 8192 };
const free = { id: "nvidia/llama-3.2-11b-vision", name: "Llama (free)", billing_mode: "free", pricing: { input: 0, output: 0 }, context_window: 128000, max_output: 4096 };

describe("parseModels", () => {
  it("reads {data: [...]} into ModelInfo", () => {
    const models = parseModels({ object: "list", data: [gpt55, mini, opus, flat, free] });
    expect(models.map((m) => m.id)).toEqual(["openai/gpt-5.5", "openai/gpt-4o-mini", "anthropic/claude-opus-4.7", "openai/gpt-oss-20b", "nvidia/llama-3.2-11b-vision"]);
    expect(models[0]).toEqual({
      id: "openai/gpt-5.5",
      name: "GPT-5.5",
      ownedBy: "openai",
      description: "Flagship.",
      billingMode: "paid",
      pricing: { input: 5, output: 30, cacheRead: 0.5, longContext: [{ threshold: 272000, inclusive: false, input: 10, output: 45, cacheRead: 1 }] },
      contextWindow: 1050000,
      maxOutput: 128000,
      ignoresSampling: false,
      reasoning: true,
      categories: ["chat", "reasoning"],
      priceKnown: true,
    } satisfies ModelInfo);
    expect(models[3]).toMatchObject({ billingMode: "flat", pricing: { flat: 0.001 } });
    expect(models[4].billingMode).toBe("free");
  });

  it("accepts {models: [...]} (old docs) and a bare list", () => {
    expect(parseModels({ models: [mini] }).map((m) => m.id)).toEqual(["openai/gpt-4o-mini"]);
    expect(parseModels([mini]).map((m) => m.id)).toEqual(["openai/gpt-4o-mini"]);
    expect(parseModels({ nothing: true })).toEqual([]);
  });

  it("flags Claude Opus 4.7 and 4.8 as ignoring sampling, and nothing else", () => {
    const byId = Object.fromEntries(parseModels({ data: [opus, opus48, sonnet, mini] }).map((m) => [m.id, m.ignoresSampling]));
    expect(byId).toEqual({
      "anthropic/claude-opus-4.7": true,
      "anthropic/claude-opus-4.8": true,
      "anthropic/claude-sonnet-4.6": false,
      "openai/gpt-4o-mini": false,
    });
  });

  it("leaves out media billing modes, hidden and unavailable models", () => {
    const image = { ...mini, id: "openai/gpt-image-1", billing_mode: "per_image", pricing: { per_image: 0.04 } };
    const hidden = { ...mini, id: "x/hidden", hidden: true };
    const gone = { ...mini, id: "x/gone", available: false };
    expect(parseModels({ data: [image, hidden, gone, mini] }).map((m) => m.id)).toEqual(["openai/gpt-4o-mini"]);
  });

  it("skips an entry that fails to parse, keeps the rest; tolerates missing optional fields", () => {
    const noId = { ...mini, id: undefined };
    const paidWithoutPrices = { id: "x/noprice", billing_mode: "paid" };
    const junkPrice = { ...mini, id: "x/junk", pricing: { input: "cheap", output: 1 } };
    const minimal = { id: "x/minimal", pricing: { input: 1, output: 2 } };
    const models = parseModels({ data: [null, 42, noId, paidWithoutPrices, junkPrice, minimal, mini, mini] });
    expect(models.map((m) => m.id)).toEqual(["x/noprice", "x/junk", "x/minimal", "openai/gpt-4o-mini"]);
    expect(models[1]).toMatchObject({ priceKnown: false });
    expect(models[0]).toMatchObject({ billingMode: "paid", priceKnown: false });
    expect(models[2]).toMatchObject({ name: "x/minimal", ownedBy: "x", description: "", billingMode: "paid", contextWindow: 0, maxOutput: 0, reasoning: false });
  });

  // @blockrun/llm 3.16 mapRawToModel: top-level inputPrice/input_price/outputPrice/output_price/flatPrice/flat_price,
  // billingMode/billing_mode, contextWindow/context_window, maxOutput/max_output.
  it("reads top-level price fields and camelCase twins, as BlockRun's SDK does", () => {
    expect(toModelInfo({ id: "a/snake", billing_mode: "paid", input_price: 0.15, output_price: 0.6, context_window: 128000, max_output: 16384 }))
      .toMatchObject({ billingMode: "paid", pricing: { input: 0.15, output: 0.6 }, contextWindow: 128000, maxOutput: 16384, priceKnown: true });
    expect(toModelInfo({ id: "a/camel", billingMode: "paid", inputPrice: 3, outputPrice: 15, contextWindow: 200000, maxOutput: 64000 }))
      .toMatchObject({ billingMode: "paid", pricing: { input: 3, output: 15 }, contextWindow: 200000, maxOutput: 64000 });
    expect(toModelInfo({ id: "a/flat", flat_price: 0.001 })).toMatchObject({ billingMode: "flat", pricing: { flat: 0.001 }, priceKnown: true });
    // `pricing` wins over the top level when both are present.
    expect(toModelInfo({ id: "a/both", pricing: { input: 1, output: 2 }, input_price: 9, output_price: 9 })?.pricing).toEqual({ input: 1, output: 2 });
  });

  it("a model without billing_mode whose prices are all zero is free; one without prices is offered, price unknown", () => {
    expect(toModelInfo({ id: "nvidia/zero", pricing: { input: 0, output: 0 } })).toMatchObject({ billingMode: "free", priceKnown: true });
    expect(toModelInfo({ id: "nvidia/zero-top", input_price: 0, output_price: 0 })?.billingMode).toBe("free");
    // An explicit mode is believed: "paid" with zero prices stays paid (the $0.001 fee still applies).
    expect(toModelInfo({ id: "x/paid-zero", billing_mode: "paid", pricing: { input: 0, output: 0 } })?.billingMode).toBe("paid");
    const unknown = toModelInfo({ id: "x/unpriced", billing_mode: "paid" })!;
    expect(unknown).toMatchObject({ billingMode: "paid", priceKnown: false });
    expect(estimateCost(unknown, 10, 10)).toBeUndefined();
    expect(toModelInfo({ id: "x/unpriced-flat", billing_mode: "flat" })).toMatchObject({ billingMode: "flat", priceKnown: false });
  });

  it("reads prices given as decimal strings", () => {
    expect(toModelInfo({ ...mini, pricing: { input: "0.15", output: "0.6" } })?.pricing).toEqual({ input: 0.15, output: 0.6 });
  });
});

describe("fetchModels", () => {
  it("GETs our route and parses the answer", async () => {
    let url = "";
    const fetchImpl = (async (u: string) => {
      url = u;
      return new Response(JSON.stringify({ object: "list", data: [mini, { broken: true }] }), { headers: { "content-type": "application/json" } });
    }) as unknown as typeof fetch;
    const models = await fetchModels("base-sepolia", fetchImpl);
    expect(url).toBe("/api/gateway/base-sepolia/v1/models");
    expect(models.map((m) => m.id)).toEqual(["openai/gpt-4o-mini"]);
  });

  it("maps failures to GatewayError", async () => {
    const down = (async () => {
      throw new TypeError("fetch failed");
    }) as unknown as typeof fetch;
    await expect(fetchModels("devnet", down)).rejects.toSatisfy((e) => e instanceof GatewayError && e.kind === "unreachable");
    const s503 = (async () => new Response("{}", { status: 503 })) as unknown as typeof fetch;
    await expect(fetchModels("devnet", s503)).rejects.toSatisfy((e) => e instanceof GatewayError && e.kind === "upstream");
    const junk = (async () => new Response("<html>")) as unknown as typeof fetch;
    await expect(fetchModels("devnet", junk)).rejects.toBeInstanceOf(GatewayError);
    const notAList = (async () => new Response(JSON.stringify({ error: "nope" }))) as unknown as typeof fetch;
    await expect(fetchModels("devnet", notAList)).rejects.toBeInstanceOf(GatewayError);
  });
});

describe("estimateCost (bigint, exact)", () => {
  const m = (x: unknown) => toModelInfo(x)!;

  it("converts price numbers to exact decimals", () => {
    // A JSON number parses to the double nearest its literal; its shortest string is that literal again.
    expect(toDecimal(JSON.parse("0.15"))).toEqual({ n: 15n, scale: 2 });
    expect(toDecimal(JSON.parse("0.075"))).toEqual({ n: 75n, scale: 3 });
    expect(toDecimal(1e-7)).toEqual({ n: 1n, scale: 7 });
    expect(toDecimal(2e21)).toEqual({ n: 2_000_000_000_000_000_000_000n, scale: 0 });
    expect(toDecimal(5)).toEqual({ n: 5n, scale: 0 });
  });

  it("paid: ceil(prompt x input) + ceil(max_tokens x output) + $0.001 fee", () => {
    // 1000 x 0.15 = 150; 1024 x 0.6 = 614.4 -> 615; + 1000
    expect(estimateCost(m(mini), 1000, 1024)).toBe(150n + 615n + 1000n);
    // gpt-5.5: 12 x 5 = 60; 1024 x 30 = 30720; + 1000
    expect(estimateCost(m(gpt55), 12, 1024)).toBe(31780n);
  });

  it("no float error: 0.1 + 0.2 style prices stay exact", () => {
    const p = m({ ...mini, pricing: { input: 0.3, output: 0.7 } });
    // 10 x 0.3 = 3 exactly (a float would give 3.0000000000000004 -> ceil 4)
    expect(estimateCost(p, 10, 10)).toBe(3n + 7n + 1000n);
    const tiny = m({ ...mini, pricing: { input: 1e-7, output: 0.000001 } });
    expect(estimateCost(tiny, 1_000_000, 1)).toBe(1n + 1n + 1000n);
  });

  it("long context reprices the whole request above the threshold (inclusive or not)", () => {
    expect(estimateCost(m(gpt55), 272000, 0)).toBe(272000n * 5n + 1000n);
    expect(estimateCost(m(gpt55), 272001, 100)).toBe(272001n * 10n + 100n * 45n + 1000n);
    const incl = m({ ...gpt55, pricing: { ...gpt55.pricing, long_context: [{ ...gpt55.pricing.long_context[0], inclusive: true }] } });
    expect(estimateCost(incl, 272000, 0)).toBe(272000n * 10n + 1000n);
  });

  it("flat models cost their flat price, free ones nothing, and the minimum is $0.001", () => {
    expect(estimateCost(m(flat), 5000, 4096)).toBe(1000n);
    expect(estimateCost(m({ ...flat, pricing: { flat: 0.0125 } }), 1, 1)).toBe(12500n);
    expect(estimateCost(m(free), 5000, 4096)).toBe(0n);
    expect(estimateCost(m({ ...mini, pricing: { input: 0, output: 0 } }), 10, 10)).toBe(1000n);
  });
});

describe("estimateCost agrees with the devnet gateway's quote (an independent implementation of the same formula)", () => {
  it("for every model of its catalog, read through /v1/models", async () => {
    const { modelsList, findModel } = await import("@/devnet/gateway/catalog");
    const { quote } = await import("@/devnet/gateway/pricing");
    const models = parseModels(JSON.parse(JSON.stringify(modelsList())));
    expect(models.length).toBeGreaterThan(3);
    for (const model of models) {
      const entry = findModel(model.id)!;
      for (const [prompt, max] of [[0, 1], [12, 1024], [999, 333], [271_999, 4096], [272_001, 4096], [1_000_000, 128_000]]) {
        const expected = model.billingMode === "free" ? 0n : quote(entry, prompt, max).amount;
        expect(estimateCost(model, prompt, max), `${model.id} ${prompt}/${max}`).toBe(expected);
      }
    }
  });
});
