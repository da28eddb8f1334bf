/**
 * The devnet gateway's model catalog, in BlockRun's `/v1/models` shape.
 *
 * Prices are written once, as decimal strings of USD per 1M tokens (USD per call for flat models). Two views are
 * derived from them: the JSON numbers the catalog endpoint shows (display only) and exact integer rates in
 * micro-USD per 1M tokens, which is what the quote multiplies. No float ever touches an amount.
 */

export type BillingMode = "paid" | "flat" | "free";

export interface LongContextTier {
  /** Prompt tokens above which (at or above, when `inclusive`) the whole request is repriced. */
  threshold: number;
  inclusive: boolean;
  input: number;
  output: number;
  cache_read?: number;
}

export interface ModelPricing {
  input: number;
  output: number;
  cache_read?: number;
  cache_write?: number;
  long_context?: LongContextTier[];
  /** USD per call, flat-billed models only. */
  flat?: number;
}

/** A model exactly as `GET /v1/models` lists it. */
export interface Model {
  id: string;
  name: string;
  owned_by: string;
  description: string;
  categories: string[];
  billing_mode: BillingMode;
  pricing: ModelPricing;
  context_window: number;
  max_output: number;
  available: boolean;
}

/** Exact rates in micro-USD (= USDC atomic units) per 1M tokens; per call for `flat`. */
export interface Rates {
  input: bigint;
  output: bigint;
  longContext: { threshold: number; inclusive: boolean; input: bigint; output: bigint }[];
  flat: bigint | null;
}

export interface CatalogEntry {
  model: Model;
  rates: Rates;
  /** Emits `completion_tokens_details.reasoning_tokens` (OpenAI GPT-5.x, DeepSeek reasoner). */
  reasoning: boolean;
  /** Honours `prompt_cache` (Anthropic models). */
  promptCache: boolean;
  /** Sampling params the upstream rejects; the gateway strips them (Claude Opus 4.7 / 4.8). */
  stripsSampling: boolean;
}

/** Parses a non-negative decimal string into micro units (6 decimals), exactly. "0.075" -> 75000n. */
export function decimalToMicro(value: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(value);
  if (!m) throw new RangeError(`not a decimal with at most 6 places: "${value}"`);
  return BigInt(m[1]) * 1_000_000n + BigInt((m[2] ?? "").padEnd(6, "0"));
}

interface Source {
  id: string;
  name: string;
  description: string;
  categories: string[];
  billing: BillingMode;
  /** Decimal strings, USD per 1M tokens. */
  input?: string;
  output?: string;
  cacheRead?: string;
  cacheWrite?: string;
  longContext?: { threshold: number; inclusive?: boolean; input: string; output: string; cacheRead?: string }[];
  /** Decimal string, USD per call. */
  flat?: string;
  contextWindow: number;
  maxOutput: number;
  reasoning?: boolean;
}

const SOURCES: Source[] = [
  {
    id: "openai/gpt-5.5", name: "GPT-5.5", billing: "paid",
    description: "OpenAI's flagship reasoning model for complex, multi-step work.",
    categories: ["chat", "reasoning", "coding", "vision"],
    input: "5", output: "30", cacheRead: "0.5",
    longContext: [{ threshold: 272_000, input: "10", output: "45", cacheRead: "1" }],
    contextWindow: 1_050_000, maxOutput: 128_000, reasoning: true,
  },
  {
    id: "openai/gpt-5.4-mini", name: "GPT-5.4 mini", billing: "paid",
    description: "Fast, low-cost GPT-5.4 for everyday chat and coding.",
    categories: ["chat", "reasoning", "coding"],
    input: "0.75", output: "4.5", cacheRead: "0.075",
    contextWindow: 400_000, maxOutput: 128_000, reasoning: true,
  },
  {
    id: "openai/gpt-4o-mini", name: "GPT-4o mini", billing: "paid",
    description: "Small, inexpensive multimodal model for simple tasks.",
    categories: ["chat", "vision"],
    input: "0.15", output: "0.6", cacheRead: "0.075",
    contextWindow: 128_000, maxOutput: 16_384,
  },
  {
    id: "anthropic/claude-opus-4.8", name: "Claude Opus 4.8", billing: "paid",
    description: "Anthropic's most capable model for deep reasoning and agentic coding.",
    categories: ["chat", "reasoning", "coding", "vision"],
    input: "5", output: "25", cacheRead: "0.5", cacheWrite: "6.25",
    contextWindow: 1_000_000, maxOutput: 128_000,
  },
  {
    id: "anthropic/claude-opus-4.7", name: "Claude Opus 4.7", billing: "paid",
    description: "Previous Opus generation: strong reasoning and long-horizon tasks.",
    categories: ["chat", "reasoning", "coding", "vision"],
    input: "5", output: "25", cacheRead: "0.5", cacheWrite: "6.25",
    contextWindow: 1_000_000, maxOutput: 128_000,
  },
  {
    id: "anthropic/claude-sonnet-4.6", name: "Claude Sonnet 4.6", billing: "paid",
    description: "Balanced intelligence and speed for writing, analysis and code.",
    categories: ["chat", "reasoning", "coding", "vision"],
    input: "3", output: "15", cacheRead: "0.3", cacheWrite: "3.75",
    contextWindow: 1_000_000, maxOutput: 64_000,
  },
  {
    id: "anthropic/claude-haiku-4.5", name: "Claude Haiku 4.5", billing: "paid",
    description: "Anthropic's fastest model for quick answers.",
    categories: ["chat", "coding", "vision"],
    input: "1", output: "5", cacheRead: "0.1", cacheWrite: "1.25",
    contextWindow: 200_000, maxOutput: 64_000,
  },
  {
    id: "google/gemini-3.1-pro", name: "Gemini 3.1 Pro", billing: "paid",
    description: "Google's most capable multimodal reasoning model.",
    categories: ["chat", "reasoning", "coding", "vision"],
    input: "2", output: "12", cacheRead: "0.2",
    longContext: [{ threshold: 200_000, input: "4", output: "18", cacheRead: "0.4" }],
    contextWindow: 1_048_576, maxOutput: 65_536,
  },
  {
    id: "google/gemini-2.5-flash", name: "Gemini 2.5 Flash", billing: "paid",
    description: "Fast, affordable Gemini with a 1M-token context.",
    categories: ["chat", "reasoning", "vision"],
    input: "0.3", output: "2.5", cacheRead: "0.03",
    contextWindow: 1_048_576, maxOutput: 65_536,
  },
  {
    id: "xai/grok-4.5", name: "Grok 4.5", billing: "paid",
    description: "xAI's frontier model with real-time knowledge.",
    categories: ["chat", "reasoning", "coding"],
    input: "2.5", output: "9", cacheRead: "0.625",
    contextWindow: 256_000, maxOutput: 64_000,
  },
  {
    id: "deepseek/deepseek-chat", name: "DeepSeek V3.2 Chat", billing: "paid",
    description: "DeepSeek's general chat model at a very low price.",
    categories: ["chat", "coding"],
    input: "0.14", output: "0.28", cacheRead: "0.014",
    contextWindow: 128_000, maxOutput: 8_192,
  },
  {
    id: "deepseek/deepseek-reasoner", name: "DeepSeek V3.2 Reasoner", billing: "paid",
    description: "DeepSeek's thinking mode: shows its work before answering.",
    categories: ["chat", "reasoning"],
    input: "0.14", output: "0.28", cacheRead: "0.014",
    contextWindow: 128_000, maxOutput: 64_000, reasoning: true,
  },
  {
    id: "openai/gpt-oss-20b", name: "GPT-OSS 20B", billing: "flat",
    description: "OpenAI's open-weight 20B model, one flat price per call.",
    categories: ["chat", "coding"],
    flat: "0.001",
    contextWindow: 131_072, maxOutput: 32_768,
  },
  {
    id: "nvidia/llama-3.2-11b-vision", name: "Llama 3.2 11B Vision (free)", billing: "free",
    description: "Meta's Llama 3.2 11B served free by NVIDIA: no payment needed.",
    categories: ["chat", "vision"],
    contextWindow: 128_000, maxOutput: 4_096,
  },
];

/** Claude Opus 4.7 / 4.8 reject temperature / top_p upstream; the gateway strips them (BlockRun's page). */
const STRIP_SAMPLING = new Set(["anthropic/claude-opus-4.7", "anthropic/claude-opus-4.8"]);

function build(s: Source): CatalogEntry {
  const num = (v: string | undefined) => (v === undefined ? 0 : Number(v));
  const pricing: ModelPricing = { input: num(s.input), output: num(s.output) };
  if (s.cacheRead !== undefined) pricing.cache_read = num(s.cacheRead);
  if (s.cacheWrite !== undefined) pricing.cache_write = num(s.cacheWrite);
  if (s.longContext) {
    pricing.long_context = s.longContext.map((t) => ({
      threshold: t.threshold,
      inclusive: t.inclusive ?? false,
      input: num(t.input),
      output: num(t.output),
      ...(t.cacheRead !== undefined ? { cache_read: num(t.cacheRead) } : {}),
    }));
  }
  if (s.flat !== undefined) pricing.flat = num(s.flat);
  const owned_by = s.id.slice(0, s.id.indexOf("/"));
  return {
    model: {
      id: s.id,
      name: s.name,
      owned_by,
      description: s.description,
      categories: s.categories,
      billing_mode: s.billing,
      pricing,
      context_window: s.contextWindow,
      max_output: s.maxOutput,
      available: true,
    },
    rates: {
      input: decimalToMicro(s.input ?? "0"),
      output: decimalToMicro(s.output ?? "0"),
      longContext: (s.longContext ?? []).map((t) => ({
        threshold: t.threshold,
        inclusive: t.inclusive ?? false,
        input: decimalToMicro(t.input),
        output: decimalToMicro(t.output),
      })),
      flat: s.flat === undefined ? null : decimalToMicro(s.flat),
    },
    reasoning: s.reasoning ?? false,
    promptCache: owned_by === "anthropic",
    stripsSampling: STRIP_SAMPLING.has(s.id),
  };
}

export const CATALOG: readonly CatalogEntry[] = SOURCES.map(build);

const BY_ID = new Map(CATALOG.map((e) => [e.model.id, e]));

export function findModel(id: string): CatalogEntry | undefined {
  return BY_ID.get(id);
}

/** The free model a paid request is served from under the `fallback` fault. */
export const FALLBACK_MODEL_ID = "nvidia/llama-3.2-11b-vision";

/** `GET /v1/models` body. */
export function modelsList(): { object: "list"; data: Model[] } {
  return { object: "list", data: CATALOG.map((e) => e.model) };
}
