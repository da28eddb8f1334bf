/**
 * Reading BlockRun's model catalog (the rules are in ./models.ts's header): one zod schema per entry, an entry
 * that does not parse is skipped. Its own module so zod loads beside the catalog request, not in the first load.
 */
import * as z from "zod/v4-mini";
import { isRecord } from "../x402/http-body";
import type { BillingMode, ModelInfo, ModelPricing } from "./models";

// zod's small build (zod/v4-mini, tree-shaken): the catalog is read in the first load, where full zod weighs 14 kB.
// No JIT: zod v4 would probe `new Function` (eval), which the page's CSP refuses and reports. Before any schema.
z.config({ jitless: true });
/** A price: a non-negative JSON number, or a decimal string. */
const price = z.union([z.number().check(z.nonnegative()), z.pipe(z.string().check(z.regex(/^\d+(\.\d+)?$/)), z.transform(Number))]);
/** Unreadable counts as absent (the entry is kept). */
const opt = <T extends z.ZodMiniType>(t: T) => z.catch(z.optional(t), undefined);
const optPrice = opt(price);
const count = z.pipe(z.union([z.number(), z.pipe(z.string().check(z.regex(/^\d+$/)), z.transform(Number))]), z.int().check(z.nonnegative()));
const text = (max: number) => z.string().check(z.maxLength(max));

const tierSchema = z.object({
  threshold: count,
  inclusive: opt(z.boolean()),
  input: price,
  output: price,
  cache_read: optPrice,
});

const pricingSchema = z.looseObject({
  input: optPrice,
  output: optPrice,
  cache_read: optPrice,
  cache_write: optPrice,
  flat: optPrice,
  long_context: opt(z.array(tierSchema)),
});

const modelSchema = z.looseObject({
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  name: opt(text(200)),
  owned_by: opt(text(200)),
  provider: opt(text(200)),
  description: opt(text(2000)),
  categories: opt(z.array(z.string())),
  billing_mode: opt(z.string()),
  billingMode: opt(z.string()),
  pricing: opt(pricingSchema),
  // Top-level price fields, snake_case or camelCase (@blockrun/llm mapRawToModel reads all of them).
  input_price: optPrice,
  inputPrice: optPrice,
  output_price: optPrice,
  outputPrice: optPrice,
  flat_price: optPrice,
  flatPrice: optPrice,
  context_window: opt(count),
  contextWindow: opt(count),
  max_output: opt(count),
  maxOutput: opt(count),
  available: opt(z.boolean()),
  hidden: opt(z.boolean()),
});

const CHAT_MODES: readonly BillingMode[] = ["paid", "flat", "free"];

/** Claude Opus 4.7 / 4.8: sampling params are not honoured (the gateway strips them). */
const IGNORES_SAMPLING = /(^|\/)claude-opus-4[.-][78]($|[^0-9])/;

/** One catalog entry to a ModelInfo; undefined when it is malformed or not a chat model we can use. */
export function toModelInfo(raw: unknown): ModelInfo | undefined {
  const r = modelSchema.safeParse(raw);
  if (!r.success) return undefined;
  const m = r.data;
  if (m.hidden === true || m.available === false) return undefined;
  const p = m.pricing;
  const input = p?.input ?? m.input_price ?? m.inputPrice;
  const output = p?.output ?? m.output_price ?? m.outputPrice;
  const flat = p?.flat ?? m.flat_price ?? m.flatPrice;
  const declared = m.billing_mode ?? m.billingMode;
  // No billing mode: a flat price makes it flat; prices that are all zero make it free (nothing to pay, and the
  // gateway answers without a 402); anything else is per token.
  const allZero = input === 0 && output === 0 && (flat === undefined || flat === 0);
  const mode = (declared ?? (flat !== undefined && flat > 0 ? "flat" : allZero ? "free" : "paid")) as BillingMode;
  if (!CHAT_MODES.includes(mode)) return undefined;
  // A priced model without its prices is still offered: its price comes with the 402 ("quoted on send").
  const priceKnown = mode === "free" || (mode === "flat" ? flat !== undefined : input !== undefined && output !== undefined);

  const pricing: ModelPricing = { input: input ?? 0, output: output ?? 0 };
  if (p?.cache_read !== undefined) pricing.cacheRead = p.cache_read;
  if (p?.cache_write !== undefined) pricing.cacheWrite = p.cache_write;
  if (flat !== undefined) pricing.flat = flat;
  if (p?.long_context?.length) {
    pricing.longContext = p.long_context.map((t) => ({
      threshold: t.threshold,
      inclusive: t.inclusive ?? false,
      input: t.input,
      output: t.output,
      ...(t.cache_read !== undefined ? { cacheRead: t.cache_read } : {}),
    }));
  }
  const categories = m.categories ?? [];
  return {
    id: m.id,
    name: m.name || m.id,
    ownedBy: m.owned_by ?? m.provider ?? m.id.split("/")[0] ?? "",
    description: m.description ?? "",
    billingMode: mode,
    pricing,
    contextWindow: m.context_window ?? m.contextWindow ?? 0,
    maxOutput: m.max_output ?? m.maxOutput ?? 0,
    ignoresSampling: IGNORES_SAMPLING.test(m.id),
    reasoning: categories.includes("reasoning"),
    categories,
    priceKnown,
  };
}

/** The catalog's list: `{data: [...]}`, or `{models: [...]}` as one old docs example has it, or a bare list. */
export function parseModels(body: unknown): ModelInfo[] {
  const list = Array.isArray(body) ? body : isRecord(body) ? (Array.isArray(body.data) ? body.data : Array.isArray(body.models) ? body.models : undefined) : undefined;
  if (!list) return [];
  const seen = new Set<string>();
  const out: ModelInfo[] = [];
  for (const raw of list) {
    const m = toModelInfo(raw);
    if (m && !seen.has(m.id)) {
      seen.add(m.id);
      out.push(m);
    }
  }
  return out;
}
