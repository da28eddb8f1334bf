/**
 * Totals of the history, in bigint atomic units. Only charged payments (settled, signed, unknown) count: a refused,
 * failed or never-signed payment moved no money.
 */
import type { HistoryRow } from "./rows";
import { dayKey } from "./rows";
import type { PayerTotals } from "./snapshot";

export interface Bucket {
  key: string;
  amount: bigint;
  count: number;
}

export interface DayPoint {
  /** "YYYY-MM-DD", local. */
  day: string;
  amount: bigint;
  count: number;
}

export interface HistoryTotals {
  today: bigint;
  last7Days: bigint;
  last30Days: bigint;
  all: bigint;
  chargedCount: number;
  notChargedCount: number;
  /** Largest first. */
  byModel: Bucket[];
  byConversation: Bucket[];
  /** Every day from the first to the last charged payment (empty days included), oldest first. */
  perDay: DayPoint[];
}

/** The local day `n` days before the day of `now` ("last 7 days" = today and the 6 days before it). */
export function dayBefore(now: number, n: number): string {
  const d = new Date(now);
  d.setHours(12, 0, 0, 0); // noon: stepping whole days never crosses a DST edge into the wrong day
  d.setDate(d.getDate() - n);
  return dayKey(d.getTime());
}

function add(map: Map<string, Bucket>, key: string, amount: bigint, count = 1) {
  const b = map.get(key);
  if (b) {
    b.amount += amount;
    b.count += count;
  } else map.set(key, { key, amount, count });
}

const byAmountDesc = (a: Bucket, b: Bucket) => (a.amount === b.amount ? a.key.localeCompare(b.key) : a.amount > b.amount ? -1 : 1);

/** Totals built one row at a time, so a caller that already walks the rows (summary.ts) needs no second pass. */
export function totalsAccumulator(opts: { now?: number; maxDays?: number } = {}) {
  const now = opts.now ?? Date.now();
  const today = dayKey(now);
  const from7 = dayBefore(now, 6);
  const from30 = dayBefore(now, 29);
  const t = { today: 0n, last7Days: 0n, last30Days: 0n, all: 0n, chargedCount: 0, notChargedCount: 0 };
  const models = new Map<string, Bucket>();
  const conversations = new Map<string, Bucket>();
  const days = new Map<string, Bucket>();
  const addDay = (day: string, amount: bigint) => {
    if (day >= from30 && day <= today) {
      t.last30Days += amount;
      if (day >= from7) {
        t.last7Days += amount;
        if (day === today) t.today += amount;
      }
    }
  };
  return {
    add(r: HistoryRow) {
      if (!r.charged) {
        t.notChargedCount++;
        return;
      }
      t.chargedCount++;
      t.all += r.amount;
      addDay(r.day, r.amount);
      add(models, r.payment.model, r.amount);
      add(conversations, r.payment.conversationId, r.amount);
      add(days, r.day, r.amount);
    },
    /** One payer's payments from the history snapshot (lib/history/snapshot.ts), already summed. */
    addSnapshot(p: PayerTotals) {
      t.chargedCount += p.chargedCount;
      t.notChargedCount += p.count - p.chargedCount;
      t.all += p.amount;
      for (const [day, [count, amount]] of p.days) {
        addDay(day, amount);
        add(days, day, amount, count);
      }
      for (const [model, [count, amount]] of p.models) add(models, model, amount, count);
      for (const [id, [count, amount]] of p.conversations) add(conversations, id, amount, count);
    },
    result(): HistoryTotals {
      return {
        ...t,
        byModel: [...models.values()].sort(byAmountDesc),
        byConversation: [...conversations.values()].sort(byAmountDesc),
        perDay: daySeries(days, opts.maxDays ?? 366),
      };
    },
  };
}

export function computeTotals(rows: readonly HistoryRow[], opts: { now?: number; maxDays?: number } = {}): HistoryTotals {
  const acc = totalsAccumulator(opts);
  for (const r of rows) acc.add(r);
  return acc.result();
}

/** Fills the gaps between the first and last day; keeps the most recent `maxDays`. */
function daySeries(days: Map<string, Bucket>, maxDays: number): DayPoint[] {
  if (days.size === 0) return [];
  const keys = [...days.keys()].sort();
  const last = keys[keys.length - 1];
  const [y, m, d] = last.split("-").map(Number);
  const cursor = new Date(y, m - 1, d, 12);
  const first = keys[0];
  const out: DayPoint[] = [];
  for (let i = 0; i < maxDays; i++) {
    const key = dayKey(cursor.getTime());
    if (key < first) break;
    const b = days.get(key);
    out.push({ day: key, amount: b?.amount ?? 0n, count: b?.count ?? 0 });
    cursor.setDate(cursor.getDate() - 1);
  }
  return out.reverse();
}
