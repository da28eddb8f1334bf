/**
 * The picker's price table while typing: after the conversation is counted once, each keystroke re-counts only
 * the draft and computes 20 models' prices (bigint) and the price order. Goal: well under one frame (16 ms).
 * Runs in Node (V8, as Chromium); `npx tsx bench/estimate.ts` runs it alone.
 */
import { parseModels } from "../lib/blockrun/catalog-reader";
import { modelsList } from "../devnet/gateway/catalog";
import { byPrice, estimateTable } from "../lib/pricing/estimate";
import { PromptCounter, type PromptMessage } from "../lib/pricing/prompt-tokens";
import { loadTokenCounter } from "../lib/pricing/tokenizer";

export async function benchEstimate(): Promise<string[]> {
  const t0 = performance.now();
  const counter = new PromptCounter(await loadTokenCounter());
  const loadMs = performance.now() - t0;

  // 20 models: the devnet's catalog, topped up with renamed copies.
  const base = parseModels(JSON.parse(JSON.stringify(modelsList())));
  const models = Array.from({ length: 20 }, (_, i) => ({ ...base[i % base.length], id: `${base[i % base.length].id}#${i}` }));

  // A conversation of 40 messages and a system prompt (about 6,500 tokens), counted once.
  const carried: PromptMessage[] = [{ role: "system", content: "You are a careful assistant." }];
  for (let i = 0; i < 20; i++) {
    carried.push({ role: "user", content: `Question ${i}: ${"how does the price of a message grow with the history it carries? ".repeat(8)}` });
    carried.push({ role: "assistant", content: `Answer ${i}: ${"Each message sends the whole conversation before it, so the prompt grows every turn. ".repeat(12)}` });
  }
  const t1 = performance.now();
  const carriedTokens = counter.carriedTokens(carried);
  const historyMs = performance.now() - t1;

  // Typing a 600-character message, one keystroke at a time.
  const message = "Could you compare the two approaches above, list what each costs per message, and say which one you would pick for a long research chat? Keep it short. ".repeat(4).slice(0, 600);
  const times: number[] = [];
  let sink = 0n;
  for (let round = 0; round < 3; round++) {
    for (let n = 1; n <= message.length; n++) {
      const s = performance.now();
      const prompt = carriedTokens + counter.draftTokens(message.slice(0, n));
      const sorted = byPrice(estimateTable(models, prompt, 1024, "devnet"));
      sink += sorted[0].amount ?? 0n;
      if (round > 0) times.push(performance.now() - s); // the first round warms up
    }
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  const ms = (x: number) => `${x.toFixed(3)} ms`;
  void sink;
  return [
    `picker price table, 20 models, per keystroke (draft re-counted + prices + sort), ${times.length} keystrokes: median ${ms(at(0.5))}, p95 ${ms(at(0.95))}, max ${ms(times[times.length - 1])} (goal < 16 ms)`,
    `  tokenizer load ${loadMs.toFixed(0)} ms (once, lazily); ${carried.length}-message history (${carriedTokens} tokens) counted once in ${historyMs.toFixed(1)} ms`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await benchEstimate()) console.log(line);
}
