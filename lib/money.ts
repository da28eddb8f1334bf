/**
 * USDC amounts are bigints of atomic units (6 decimals) from the 402 to the screen. Strings in, strings out:
 * a float never holds an amount. Formatting happens only here, at the edge.
 */
export const USDC_DECIMALS = 6;
const UNIT = 10n ** BigInt(USDC_DECIMALS);

/** Parses an atomic-unit integer string as the 402 carries it ("31780"). Throws on anything else. */
export function parseAtomic(value: string | number | bigint): bigint {
  if (typeof value === "bigint") {
    if (value < 0n) throw new RangeError("negative amount");
    return value;
  }
  const s = String(value).trim();
  if (!/^\d{1,30}$/.test(s)) throw new RangeError(`not an amount in atomic units: "${s.slice(0, 40)}"`);
  return BigInt(s);
}

/** Parses a decimal USDC string a person typed or a file holds ("0.50", "12", "0.001012"). */
export function parseUsdc(value: string): bigint {
  const s = value.trim();
  const m = /^(\d{0,24})(?:\.(\d{0,6}))?$/.exec(s);
  if (!m || (m[1] === "" && !m[2])) throw new RangeError(`not a USDC amount: "${s.slice(0, 40)}" (at most 6 decimals)`);
  return BigInt(m[1] || "0") * UNIT + BigInt((m[2] ?? "").padEnd(USDC_DECIMALS, "0") || "0");
}

/** All six decimals, no grouping: "0.001012", "10000.000000". The exact form, for panels, dialogs and exports. */
export function formatUsdc(atomic: bigint): string {
  const neg = atomic < 0n;
  const a = neg ? -atomic : atomic;
  const frac = (a % UNIT).toString().padStart(USDC_DECIMALS, "0");
  return `${neg ? "-" : ""}${a / UNIT}.${frac}`;
}

/** Trimmed for tight places ("$0.0010", "$12.50"); never used where the exact amount matters. */
export function formatUsdShort(atomic: bigint): string {
  const s = formatUsdc(atomic);
  const [w, f] = s.split(".");
  const trimmed = f.replace(/0+$/, "");
  return `$${w}.${trimmed.length < 2 ? trimmed.padEnd(2, "0") : trimmed.length <= 4 ? trimmed : f}`;
}

/** A price in USD per 1M tokens (as the catalog sends it: 0.15) to a display string without float drift. */
export function formatPerMillion(usd: number): string {
  if (!Number.isFinite(usd)) return "?";
  return `$${Number(usd.toPrecision(6))}`;
}

export function sumAtomic(values: Iterable<bigint>): bigint {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}
