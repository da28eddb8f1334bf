import { describe, expect, it } from "vitest";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import type { ModelInfo } from "@/lib/blockrun/models";
import { parseModels } from "@/lib/blockrun/catalog-reader";
import { modelsList, findModel } from "@/devnet/gateway/catalog";
import { countPromptTokens as devnetCount, quote } from "@/devnet/gateway/pricing";
import {
  byPrice, contextShare, effectiveMaxTokens, estimateModel, estimateTable, fitsContext, isExact, CONTEXT_NOTE_FLOOR_ATOMIC,
} from "@/lib/pricing/estimate";
import { countPromptTokens, MESSAGE_OVERHEAD_TOKENS, PromptCounter, REPLY_PRIMER_TOKENS, type PromptMessage } from "@/lib/pricing/prompt-tokens";
import { loadTokenCounter, TEXT_ONLY } from "@/lib/pricing/tokenizer";

const catalog: ModelInfo[] = parseModels(JSON.parse(JSON.stringify(modelsList())));
const model = (id: string) => catalog.find((m) => m.id === id)!;
const count = (t: string) => (t ? countTokens(t, TEXT_ONLY) : 0);

describe("prompt tokens", () => {
  it("are counted as the devnet gateway counts them (one shared function)", () => {
    const msgs: PromptMessage[] = [
      { role: "system", content: "Be brief." },
      { role: "user", content: "Héllo 👋 <|endoftext|> wörld" },
      { role: "assistant", content: "" },
    ];
    expect(countPromptTokens(msgs, count)).toBe(devnetCount(msgs));
    expect(countPromptTokens(msgs, count)).toBe(REPLY_PRIMER_TOKENS + 3 * MESSAGE_OVERHEAD_TOKENS + count(msgs[0].content) + count(msgs[1].content));
  });

  it("PromptCounter counts carried messages once and the draft each time; carried + draft = the whole prompt", () => {
    let calls = 0;
    const counting = (t: string) => (calls++, count(t));
    const pc = new PromptCounter(counting);
    const carried: PromptMessage[] = [{ role: "user", content: "first question" }, { role: "assistant", content: "first answer" }];
    const c1 = pc.carriedTokens(carried);
    expect(calls).toBe(2);
    pc.carriedTokens(carried);
    expect(calls).toBe(2); // cached by content
    const draft = "and a second one";
    expect(c1 + pc.draftTokens(draft)).toBe(devnetCount([...carried, { role: "user", content: draft }]));
    expect(pc.draftTokens("")).toBe(MESSAGE_OVERHEAD_TOKENS);
  });

  it("the lazily loaded counter is o200k with special tokens as text", async () => {
    const c = await loadTokenCounter();
    expect(c("<|endoftext|> plain")).toBe(count("<|endoftext|> plain"));
    expect(c("")).toBe(0);
  });
});

describe("estimate per model", () => {
  it("equals the devnet's quote, with max_tokens clamped to max_output and the context headroom", () => {
    for (const m of catalog.filter((x) => x.billingMode !== "free")) {
      const entry = findModel(m.id)!;
      for (const [prompt, max] of [[10, 1024], [5000, undefined], [20, 1_000_000], [m.contextWindow - 100, 4096], [300_000, 50]] as const) {
        const e = estimateModel(m, prompt, max, "devnet");
        if (!e.fits) {
          expect(prompt).toBeGreaterThanOrEqual(m.contextWindow);
          expect(e.amount).toBeUndefined();
          continue;
        }
        const effective = Math.min(max ?? Math.min(1024, m.maxOutput), m.maxOutput, m.contextWindow - prompt);
        expect(e.maxTokens, m.id).toBe(effective);
        expect(e.amount, `${m.id} ${prompt}/${max}`).toBe(quote(entry, prompt, effective).amount);
      }
    }
  });

  it("clamps and fits like the gateway", () => {
    const mini = model("openai/gpt-4o-mini"); // 128K window, 16,384 max output
    expect(effectiveMaxTokens(undefined, mini, 10)).toBe(1024);
    expect(effectiveMaxTokens(50_000, mini, 10)).toBe(16_384);
    expect(effectiveMaxTokens(4096, mini, 127_000)).toBe(1000);
    expect(fitsContext(mini, 127_999)).toBe(true);
    expect(fitsContext(mini, 128_000)).toBe(false);
    expect(fitsContext({ contextWindow: 0 }, 10_000_000)).toBe(true);
  });

  it("marks 'about' only where the gateway may count differently: never on the devnet, never for flat or free", () => {
    for (const m of catalog) expect(isExact("devnet", m)).toBe(true);
    expect(isExact("base", model("openai/gpt-5.5"))).toBe(true);
    expect(isExact("base", model("anthropic/claude-sonnet-4.6"))).toBe(false);
    expect(isExact("base", model("google/gemini-2.5-flash"))).toBe(false);
    expect(isExact("base", model("openai/gpt-oss-20b"))).toBe(true); // flat
    expect(isExact("base", model("nvidia/llama-3.2-11b-vision"))).toBe(true); // free
  });

  it("a model without a price has no estimate; a free one costs 0", () => {
    const unknown = { ...model("openai/gpt-4o-mini"), priceKnown: false };
    expect(estimateModel(unknown, 10, 100).amount).toBeUndefined();
    expect(estimateModel(model("nvidia/llama-3.2-11b-vision"), 10, 100).amount).toBe(0n);
  });
});

describe("the table", () => {
  it("sorts by price, cheapest first, unknown and too-long last in catalog order, stable on ties", () => {
    const rows = estimateTable(catalog, 200_000, 1024, "devnet");
    const sorted = byPrice(rows);
    const amounts = sorted.map((r) => r.amount);
    const known = amounts.filter((a): a is bigint => a !== undefined);
    for (let i = 1; i < known.length; i++) expect(known[i] >= known[i - 1]).toBe(true);
    expect(amounts.slice(known.length).every((a) => a === undefined)).toBe(true);
    // 200K tokens do not fit 128K models: they sort last, in catalog order.
    const tooLong = sorted.filter((r) => !r.fits).map((r) => r.id);
    expect(tooLong).toEqual(rows.filter((r) => !r.fits).map((r) => r.id));
    expect(tooLong).toContain("openai/gpt-4o-mini");
    // Ties keep catalog order (Opus 4.8 is listed before 4.7).
    const opus = sorted.map((r) => r.id).filter((id) => id.includes("opus"));
    expect(opus).toEqual(["anthropic/claude-opus-4.8", "anthropic/claude-opus-4.7"]);
  });
});

describe("context share", () => {
  const opus = model("anthropic/claude-opus-4.8"); // $5 / $25 per 1M
  it("says the carried history dominates when it is most of the price and above the floor", () => {
    // 2,000 carried tokens x $5/1M = 10,000 atomic; the draft alone: 20 tokens, 50 reply tokens.
    const s = contextShare(opus, 3 + 2000, 24, 3, 50)!;
    expect(s.carriedCost).toBe(10_000n);
    expect(s.dominates).toBe(true);
    expect(s.amount).toBe(estimateModel(opus, 2027, 50).amount);
  });
  it("stays quiet for a short history or when the reply allowance dominates", () => {
    expect(contextShare(opus, 3 + 100, 24, 3, 50)!.dominates).toBe(false); // 500 atomic < floor
    expect(CONTEXT_NOTE_FLOOR_ATOMIC).toBe(1000n);
    expect(contextShare(opus, 3 + 2000, 24, 3, 4096)!.dominates).toBe(false); // 102,400 of output
    expect(contextShare(model("openai/gpt-oss-20b"), 3 + 50_000, 24, 3, 50)!.carriedCost).toBe(0n); // flat
  });
});
