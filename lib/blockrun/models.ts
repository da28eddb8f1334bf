/**
 * BlockRun's model catalog (`GET /v1/models`, free), read through our route, and a local cost estimate.
 *
 * The catalog is parsed one entry at a time: an entry that does not parse is skipped, never fatal. Media models
 * (per image, ...), hidden and unavailable ones are left out: this is a chat app. Read as BlockRun's own SDK reads
 * it (@blockrun/llm `mapRawToModel`): prices under `pricing` or at the top level (`input_price` / `inputPrice`,
 * `output_price`, `flat_price`), camelCase twins of the other fields; an entry without `billing_mode` and with
 * zero prices is free; a paid model whose prices are missing is still offered, its price "quoted on send" (the
 * 402 is the price anyway).
 *
 * `estimateCost` only estimates (the 402 is the price). Prices arrive as JSON numbers of USD per 1M tokens;
 * they are turned into exact decimals through their shortest decimal string, so 0.15 is 15/100 and no float
 * ever touches an amount.
 */
import { GatewayError, unreachableError } from "./gateway-error";
import { gatewayRoute } from "./route";
import { isRecord } from "../x402/http-body";

export type BillingMode = "paid" | "flat" | "free";

export interface LongContextPricing {
  /** Prompt tokens above which (at or above, when `inclusive`) the whole request is repriced. */
  threshold: number;
  inclusive: boolean;
  input: number;
  output: number;
  cacheRead?: number;
}

export interface ModelPricing {
  /** USD per 1M tokens (display; estimateCost converts exactly). */
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  /** USD per call, flat-billed models. */
  flat?: number;
  longContext?: LongContextPricing[];
}

export interface ModelInfo {
  id: string;
  name: string;
  ownedBy: string;
  description: string;
  billingMode: BillingMode;
  pricing: ModelPricing;
  contextWindow: number;
  maxOutput: number;
  /** The gateway strips temperature/top_p for these (Claude Opus 4.7 and 4.8 reject sampling params). */
  ignoresSampling: boolean;
  /** Listed in the "reasoning" category: its output may include reasoning tokens. */
  reasoning: boolean;
  categories: string[];
  /** The catalog gave this model's prices; false = shown as "price quoted on send" and never estimated. */
  priceKnown: boolean;
}

export async function fetchModels(networkId: string, fetchImpl: typeof fetch = fetch, signal?: AbortSignal): Promise<ModelInfo[]> {
  const f = fetchImpl;
  // The reader (zod) loads beside the request, so it is not in the page's first load and costs no extra wait.
  const reader = import("./catalog-reader");
  reader.catch(() => {});
  let res: Response;
  try {
    res = await f(gatewayRoute(networkId, "models"), { headers: { accept: "application/json" }, signal });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw unreachableError(e);
  }
  // Reading an error answer needs @x402/core/http: loaded only then, so it stays out of the first load.
  if (!res.ok) throw await (await import("./errors")).gatewayErrorFrom(res);
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new GatewayError({ kind: "unknown", status: res.status, message: "The gateway's model list is not valid JSON. Try again later." });
  }
  const listed = Array.isArray(body) || (isRecord(body) && (Array.isArray(body.data) || Array.isArray(body.models)));
  if (!listed) {
    throw new GatewayError({ kind: "unknown", status: res.status, message: "The gateway's model list could not be read. Try again later." });
  }
  return (await reader).parseModels(body);
}

// ---------------------------------------------------------------------------------------------------------------
// Cost estimate

/** BlockRun's flat fee per paid call, and its minimum charge: $0.001. */
export const CALL_FEE_ATOMIC = 1000n;
export const MIN_CHARGE_ATOMIC = 1000n;

/** An exact non-negative decimal: value = n / 10^scale. */
interface Decimal {
  n: bigint;
  scale: number;
}

/** A price number to an exact decimal via its shortest round-trip string ("0.15", "1e-7", "2.5"). */
export function toDecimal(v: number): Decimal {
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`not a price: ${v}`);
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(String(v));
  if (!m) throw new RangeError(`not a price: ${v}`);
  const frac = m[2] ?? "";
  let n = BigInt(m[1] + frac);
  let scale = frac.length - Number(m[3] ?? 0);
  if (scale < 0) {
    n *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { n, scale };
}

/** ceil(tokens x price-per-1M), in USDC atomic units: tokens x USD/1M x 10^6 / 10^6 = tokens x price. */
function tokensCost(tokens: number, usdPerMillion: number): bigint {
  const t = BigInt(Math.max(0, Math.ceil(tokens)));
  const d = toDecimal(usdPerMillion);
  const den = 10n ** BigInt(d.scale);
  return (t * d.n + den - 1n) / den;
}

/** USD (a price number) to atomic units, rounded up. */
function usdToAtomic(usd: number): bigint {
  const d = toDecimal(usd);
  const num = d.n * 1_000_000n;
  const den = 10n ** BigInt(d.scale);
  return (num + den - 1n) / den;
}

/**
 * What the gateway will probably ask, in USDC atomic units: prompt x input + max_tokens x output (each rounded
 * up), plus the $0.001 fee, at least $0.001; long-context rates reprice the whole request; flat models cost
 * their flat price; free models cost nothing; a model whose catalog entry has no prices: undefined. Only an
 * estimate: the 402 is the price.
 */
export function estimateCost(
  model: Pick<ModelInfo, "billingMode" | "pricing"> & { priceKnown?: boolean },
  promptTokensEstimate: number,
  maxTokens: number,
): bigint | undefined {
  if (model.billingMode === "free") return 0n;
  // Price unknown: no estimate at all rather than a wrong one; the 402 says it.
  if (model.priceKnown === false) return undefined;
  if (model.billingMode === "flat") return usdToAtomic(model.pricing.flat ?? 0);
  let input = model.pricing.input;
  let output = model.pricing.output;
  for (const tier of model.pricing.longContext ?? []) {
    if (tier.inclusive ? promptTokensEstimate >= tier.threshold : promptTokensEstimate > tier.threshold) {
      input = tier.input;
      output = tier.output;
    }
  }
  const amount = tokensCost(promptTokensEstimate, input) + tokensCost(maxTokens, output) + CALL_FEE_ATOMIC;
  return amount < MIN_CHARGE_ATOMIC ? MIN_CHARGE_ATOMIC : amount;
}
