/**
 * The history's working rows: a stored payment plus what the page needs again and again (the amount as a bigint,
 * the local day, the text a search looks through), computed once per load so filtering 10,000 rows stays cheap.
 */
import type { StoredPayment } from "../db/types";
import type { HistoryKey } from "../db/history-queries";
import { isCharged } from "../db/payments";
import { parseAtomic } from "../money";

export interface HistoryRow {
  payment: StoredPayment;
  amount: bigint;
  /** Money left (or may have left) the wallet: counts in totals and budgets. */
  charged: boolean;
  /** Local calendar day, "YYYY-MM-DD". */
  day: string;
  /** Lower-cased text a search matches against (built on the first search, not on load). */
  readonly haystack: string;
}

/**
 * Time zones and DST shifts move in whole quarter hours, so every instant of a quarter hour falls on the same local
 * day: the page keys 10,000 payments with a few hundred Date objects instead of 10,000.
 */
const QUARTER_HOUR = 900_000;
const dayCache = new Map<number, string>();

/** Local calendar day of a timestamp, "YYYY-MM-DD". */
export function dayKey(ms: number): string {
  const bucket = Math.floor(ms / QUARTER_HOUR);
  let key = dayCache.get(bucket);
  if (key === undefined) {
    if (dayCache.size > 50_000) dayCache.clear();
    key = computeDayKey(bucket * QUARTER_HOUR);
    dayCache.set(bucket, key);
  }
  return key;
}

function computeDayKey(ms: number): string {
  const d = new Date(ms);
  const m = d.getMonth() + 1;
  const day = d.getDate();
  return `${d.getFullYear()}-${m < 10 ? "0" : ""}${m}-${day < 10 ? "0" : ""}${day}`;
}

/** An amount the file or an old record holds that does not parse counts as zero rather than breaking the page. */
export function safeAmount(s: string): bigint {
  try {
    return parseAtomic(s);
  } catch {
    return 0n;
  }
}

/** A class, not an object literal: one shape for 10,000 rows, and the search text is built only when searched. */
class Row implements HistoryRow {
  readonly amount: bigint;
  readonly charged: boolean;
  readonly day: string;
  private text: string | undefined;
  constructor(readonly payment: StoredPayment, private readonly title: string | undefined, private readonly keyOnly = false) {
    this.amount = safeAmount(payment.amount);
    this.charged = isCharged(payment);
    this.day = dayKey(payment.createdAt);
  }
  get haystack(): string {
    if (this.keyOnly) return "";
    const p = this.payment;
    this.text ??= [p.model, p.conversationId, this.title, p.txHash, p.nonce, p.payer, p.status, p.reason, p.networkId, p.id]
      .filter(Boolean)
      .join(" ")
      .toLowerCase();
    return this.text;
  }
}

/**
 * A row from a key of the history index (lib/db/history-queries.ts): every field that totals, filter menus, scope
 * and the non-text filters read, and no record. Its search text is empty: a search needs the records.
 */
/** A row from an index key alone; `funders` (session address -> main wallet) gives a quick pay payment its owner. */
export function historyRowFromKey(
  [createdAt, status, amount, payer, networkId, model, conversationId]: HistoryKey,
  funders?: ReadonlyMap<string, string>,
): HistoryRow {
  const fundedBy = funders?.get(payer.toLowerCase());
  return new Row(
    { id: "", createdAt, updatedAt: createdAt, status, amount, payer, networkId, model, conversationId, ...(fundedBy ? { fundedBy } : {}) } as StoredPayment,
    undefined,
    true,
  );
}

export function toHistoryRow(p: StoredPayment, conversationTitle?: string): HistoryRow {
  return new Row(p, conversationTitle);
}

/** Newest first. Input already in that order (lib/db/history-queries.ts reads it so) costs one pass to check. */
export function toHistoryRows(payments: readonly StoredPayment[], titles?: ReadonlyMap<string, string>): HistoryRow[] {
  const rows = payments.map((p) => toHistoryRow(p, titles?.get(p.conversationId)));
  rows.sort((a, b) => b.payment.createdAt - a.payment.createdAt || (a.payment.id < b.payment.id ? -1 : 1));
  return rows;
}

/** Same address, whatever the letter case. */
export function sameAddress(a: string | undefined, b: string | undefined): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase();
}

/** Every payer that appears in the rows, in first-seen order (case folded). */
export function payersOf(payments: readonly Pick<StoredPayment, "payer">[]): string[] {
  const seen = new Map<string, string>();
  for (const p of payments) if (p.payer && !seen.has(p.payer.toLowerCase())) seen.set(p.payer.toLowerCase(), p.payer);
  return [...seen.values()];
}
