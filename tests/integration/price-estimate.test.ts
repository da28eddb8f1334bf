/**
 * The picker's estimate against the real devnet gateway: for every paid and flat model of its catalog (read from
 * /v1/models as the app reads it) and a sample of prompts (short, long, multi-turn, unicode, special-token text,
 * trimmed turns, max_tokens set / unset / above the model's output limit, prompts near and past 128K tokens and
 * past a long-context tier), the estimate equals the 402's amount to the atomic unit, and a prompt the estimate
 * says does not fit is refused by the gateway. The 402 is read by the app's own quote code (lib/chat/quote.ts,
 * which runs the quote guard), with the app's own request body (lib/chat/request-body.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorld, type World } from "@/devnet/world";
import { devnetNetwork, type Network } from "@/lib/networks";
import type { ModelInfo } from "@/lib/blockrun/models";
import { parseModels } from "@/lib/blockrun/catalog-reader";
import { buildChatRequest, carriedContext, serializeRequest } from "@/lib/chat/request-body";
import { fetchQuote } from "@/lib/chat/quote";
import { GatewayError } from "@/lib/blockrun/errors";
import { estimateModel } from "@/lib/pricing/estimate";
import { PromptCounter } from "@/lib/pricing/prompt-tokens";
import { loadTokenCounter } from "@/lib/pricing/tokenizer";
import type { ChatSettings, StoredMessage } from "@/lib/db/types";
import { freePort } from "../fixtures/free-port";

let world: World;
let network: Network;
let models: ModelInfo[];
let counter: PromptCounter;
const realFetch = globalThis.fetch;

beforeAll(async () => {
  world = await startWorld({ rpcPort: await freePort(), gatewayPort: 0, tokensPerSecond: 0 });
  network = devnetNetwork(world.deployment);
  // Our server route is a pass-through; in Node the gateway is called directly.
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input.toString();
    const m = /^\/api\/gateway\/devnet\/(.*)$/.exec(url);
    return realFetch(m ? `${world.deployment.gatewayUrl}/${m[1]}` : input, init);
  }) as typeof fetch;
  models = parseModels(await (await realFetch(`${world.deployment.gatewayUrl}/v1/models`)).json());
  counter = new PromptCounter(await loadTokenCounter());
}, 120_000);
afterAll(async () => {
  globalThis.fetch = realFetch;
  await world?.stop();
});

type History = Pick<StoredMessage, "role" | "content" | "status">[];
const turn = (q: string, a: string): History => [
  { role: "user", content: q, status: "complete" },
  { role: "assistant", content: a, status: "complete" },
];
/** n tokens exactly: " the" is one o200k token, and the pre-tokenizer splits at each space. */
const tokens = (n: number) => " the".repeat(n);
const long = Array.from({ length: 400 }, (_, i) => `Sentence ${i}: the price of a message grows with what it carries.`).join(" ");

interface Sample {
  name: string;
  history?: History;
  text: string;
  settings?: Partial<ChatSettings>;
  /** Leave max_tokens out of the body (the gateway's default of 1024 applies). */
  unsetMaxTokens?: boolean;
  /** Some model must clamp max_tokens to its context headroom / refuse the prompt (so the case is really run). */
  expectHeadroomClamp?: boolean;
  expectRefusal?: boolean;
}

const SAMPLES: Sample[] = [
  { name: "short", text: "Hi" },
  { name: "long", text: long, settings: { maxTokens: 333 } },
  {
    name: "multi-turn with a system prompt",
    history: [...turn("What is x402?", "A payment protocol over HTTP 402."), ...turn("And EIP-3009?", long.slice(0, 2000)), { role: "assistant", content: "", status: "error" }],
    text: "Summarise both in one line.",
    settings: { systemPrompt: "You are terse.", maxTokens: 512 },
  },
  { name: "unicode and special-token text", text: "Grüße 👋🏽 日本語のテキスト مرحبا ñ e\u0301 <|endoftext|> <|im_start|> \u0000 tab\tnew\nline", settings: { maxTokens: 64 } },
  { name: "max_tokens unset", text: "How much does this cost without max_tokens?", unsetMaxTokens: true },
  { name: "max_tokens above every model's output limit", text: "Clamp me.", settings: { maxTokens: 500_000 } },
  { name: "trimmed to the last turn", history: [...turn("one", "uno"), ...turn("two", "dos"), ...turn("three", "tres")], text: "four?", settings: { carryTurns: 1, maxTokens: 100 } },
  // Near a 128K window: max_tokens is clamped to the headroom there; past it on 128K/200K/256K models.
  { name: "127,500 tokens", text: tokens(127_500), settings: { maxTokens: 4096 }, expectHeadroomClamp: true },
  // Past Gemini 3.1 Pro's 200K tier, under GPT-5.5's 272K one.
  { name: "210,000 tokens", text: tokens(210_000), settings: { maxTokens: 2048 }, expectRefusal: true },
];

const DEFAULTS: ChatSettings = { systemPrompt: "", maxTokens: 1024 };

describe("the picker's estimate equals the devnet's 402 for every priced model", () => {
  it("lists paid and flat models to check", () => {
    expect(models.filter((m) => m.billingMode === "paid").length).toBeGreaterThanOrEqual(10);
    expect(models.some((m) => m.billingMode === "flat")).toBe(true);
  });

  for (const sample of SAMPLES) {
    it(sample.name, async () => {
      const settings = { ...DEFAULTS, ...sample.settings };
      const history = sample.history ?? [];
      // As the picker does it: the carried part counted once, the draft on its own.
      const promptTokens = counter.carriedTokens(carriedContext(settings, history)) + counter.draftTokens(sample.text);
      let checked = 0, refused = 0, headroomClamped = 0;
      for (const model of models.filter((m) => m.billingMode !== "free")) {
        const request = buildChatRequest({ model: model.id, settings, history, userText: sample.text, traits: model });
        if (sample.unsetMaxTokens) delete (request as { max_tokens?: number }).max_tokens;
        const body = serializeRequest(request);
        const estimate = estimateModel(model, promptTokens, sample.unsetMaxTokens ? undefined : settings.maxTokens, network.id);
        expect(estimate.exact, model.id).toBe(true);
        if (!estimate.fits) {
          const err = await fetchQuote(network, body).then(() => undefined, (e: unknown) => e);
          expect(err, `${model.id}: the gateway should refuse a prompt that does not fit`).toBeInstanceOf(GatewayError);
          expect((err as GatewayError).status).toBe(400);
          refused++;
          continue;
        }
        if (model.contextWindow - promptTokens < Math.min(settings.maxTokens, model.maxOutput) && !sample.unsetMaxTokens) {
          expect(estimate.maxTokens).toBe(model.contextWindow - promptTokens);
          headroomClamped++;
        }
        const quote = await fetchQuote(network, body);
        expect(estimate.amount, `${model.id}, ${promptTokens} prompt tokens, max ${estimate.maxTokens}`).toBe(quote.amount);
        checked++;
      }
      expect(checked).toBeGreaterThan(0);
      if (sample.expectHeadroomClamp) expect(headroomClamped).toBeGreaterThan(0);
      if (sample.expectRefusal) expect(refused).toBeGreaterThan(0);
    }, 180_000);
  }
});
