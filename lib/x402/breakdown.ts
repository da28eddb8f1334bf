/**
 * The 402 body's `price.breakdown` is the gateway's own account of a price (inputCost, outputCost, margin, fee,
 * flat ...). It is display text from an untrusted party: the amount signed is `requirement.amount`, never a sum
 * of these. `checkBreakdown` only says whether the parts add up to that amount, so the dialog can say so when
 * they do not. Pure; no library reads "0.001234 or 1234 or 5%" strings, hence by hand.
 *
 * Part values as gateways send them:
 *   "0.001234", "$0.001234", "0.001234 USD(C)"  decimal USD (BlockRun: six decimals; more are read exactly)
 *   "1234"                                      atomic USDC units (an integer with no decimal point)
 *   "5%", "0%"                                  a margin applied to the sum of the amounts (BlockRun's older x1.05)
 * A part named total/amount/price/sum is a stated total: it is compared with the amount, not added.
 */
import { USDC_DECIMALS } from "../money";

/** Parts are summed exactly in units of 1e-18 USD, so sub-atomic decimals never round on the way. */
const SCALE_DECIMALS = 18;
const PER_ATOMIC = 10n ** BigInt(SCALE_DECIMALS - USDC_DECIMALS);

export type BreakdownPart =
  | { key: string; text: string; kind: "amount"; value: bigint /* 1e-18 USD */ }
  | { key: string; text: string; kind: "percent"; hundredths: bigint /* 5% = 500n */ }
  | { key: string; text: string; kind: "total"; value: bigint }
  | { key: string; text: string; kind: "unreadable" };

export type BreakdownCheck =
  /** No breakdown was sent: nothing to check. */
  | { status: "absent"; parts: [] }
  /** The parts add up to the amount (to within the rounding of one atomic unit when they carry more decimals). */
  | { status: "adds-up"; parts: BreakdownPart[]; sum: bigint }
  /** They do not: `sum` is what they add up to, in atomic units (rounded to the nearest one). */
  | { status: "mismatch"; parts: BreakdownPart[]; sum: bigint; difference: bigint }
  /** Some part is neither an amount nor a percentage: the breakdown cannot be checked. */
  | { status: "unreadable"; parts: BreakdownPart[]; unreadable: string[] };

const TOTAL_KEYS = /^(total|amount|price|sum)$/i;

export function parsePart(key: string, raw: string): BreakdownPart {
  const text = raw;
  const s = raw.trim().replace(/^\$\s*/, "").replace(/\s*(USDC|USD)$/i, "");
  const pct = /^(\d{1,3})(?:\.(\d{1,2}))?\s*%$/.exec(s);
  if (pct) return { key, text, kind: "percent", hundredths: BigInt(pct[1]) * 100n + BigInt((pct[2] ?? "").padEnd(2, "0")) };
  let value: bigint | undefined;
  const dec = /^(\d{0,24})\.(\d{1,18})$/.exec(s);
  if (dec) value = BigInt(dec[1] || "0") * 10n ** BigInt(SCALE_DECIMALS) + BigInt(dec[2].padEnd(SCALE_DECIMALS, "0"));
  else if (/^\d{1,30}$/.test(s)) value = BigInt(s) * PER_ATOMIC; // no decimal point: atomic units
  if (value === undefined) return { key, text, kind: "unreadable" };
  return TOTAL_KEYS.test(key) ? { key, text, kind: "total", value } : { key, text, kind: "amount", value };
}

/** Does the gateway's breakdown add up to `amount` (USDC atomic units, the amount that will be signed)? */
export function checkBreakdown(breakdown: Readonly<Record<string, string>> | undefined, amount: bigint): BreakdownCheck {
  const entries = Object.entries(breakdown ?? {});
  if (entries.length === 0) return { status: "absent", parts: [] };
  const parts = entries.map(([k, v]) => parsePart(k, v));
  const unreadable = parts.filter((p) => p.kind === "unreadable").map((p) => p.key);
  if (unreadable.length) return { status: "unreadable", parts, unreadable };

  const target = amount * PER_ATOMIC;
  const amounts = parts.filter((p) => p.kind === "amount");
  const totals = parts.filter((p) => p.kind === "total");
  const hundredths = parts.reduce((t, p) => (p.kind === "percent" ? t + p.hundredths : t), 0n);
  let sum = amounts.reduce((t, p) => t + p.value, 0n);
  // A margin scales the parts; the gateway then rounds to an atomic unit (up, or to nearest).
  let tolerance = PER_ATOMIC - 1n;
  if (hundredths > 0n) {
    sum = (sum * (10_000n + hundredths)) / 10_000n;
    tolerance = PER_ATOMIC;
  }
  // With no amount parts (only a stated total), the stated total is the sum to check.
  if (amounts.length === 0 && totals.length > 0) sum = totals[0].value;
  const sumAtomic = (sum + PER_ATOMIC / 2n) / PER_ATOMIC;
  const off = (v: bigint) => (v > target ? v - target : target - v) > tolerance;
  if (off(sum) || totals.some((t) => off(t.value))) {
    const wrong = off(sum) ? sumAtomic : (totals.find((t) => off(t.value))!.value + PER_ATOMIC / 2n) / PER_ATOMIC;
    return { status: "mismatch", parts, sum: wrong, difference: wrong - amount };
  }
  return { status: "adds-up", parts, sum: sumAtomic };
}

/** "inputCost" -> "Input cost", "output_cost" -> "Output cost": the gateway's key, made readable, not renamed. */
export function partLabel(key: string): string {
  const words = key.replace(/[_-]+/g, " ").replace(/([a-z0-9])([A-Z])/g, "$1 $2").trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
