/**
 * The history's totals kept between visits: for every payment older than a cutoff, per payer, what the first view
 * needs (counts, sums per local day, per model, per conversation, the networks and models seen), so that a page with
 * 10,000 payments reads one small record and the index keys of the few payments after the cutoff, not 10,000 keys.
 *
 * Stored by lib/db/history-cache.ts, which also invalidates it: any write to a payment older than
 * OLD_PAYMENT_MS (an import, a late reconciliation, a verification's correction) or any delete changes a token that
 * the snapshot must match. The cutoff is always at least CUTOFF_LAG_MS before the snapshot was built, longer than
 * OLD_PAYMENT_MS, so every later write to a payment inside the snapshot changes the token. Payments after the
 * cutoff are read from index keys on every load, so new payments and their status changes need no bookkeeping.
 *
 * Amounts are decimal strings at rest (as everywhere in the database) and bigints once read.
 */
import type { HistoryKey } from "../db/history-queries";
import { CUTOFF_LAG_MS } from "../db/history-cache";
import type { PaymentStatus } from "../db/types";
import { mayBeCharged } from "../payments/status";
import { dayKey, safeAmount } from "./rows";

/** Roll the cutoff forward when this many payments (or a day) came after it: their keys are read on every load. */
export const ROLL_FORWARD_AFTER = 300;
const ROLL_FORWARD_AGE_MS = 24 * 3_600_000;

/** [count, amount] of charged payments. */
export type CountSum = [number, string];

/** One payer's payments before the cutoff. */
export interface PayerSnapshot {
  /** As first stored (shown); matched case-folded. */
  payer: string;
  /** Newest createdAt (orders the payers, newest first, as the rows do). */
  lastAt: number;
  count: number;
  chargedCount: number;
  /** Charged only. */
  amount: string;
  days: Record<string, CountSum>;
  models: Record<string, CountSum>;
  conversations: Record<string, CountSum>;
  /** Every network and model of the payer's payments, charged or not (the filter menus). */
  networks: string[];
  seenModels: string[];
}

export interface HistorySnapshot {
  /** Payments created before this instant (ms) are in the snapshot; the rest are read from index keys. */
  cutoff: number;
  /** How many payments it holds: checked against the store's count (a write that bypassed the app). */
  count: number;
  /** The time zone its local days were computed in; another one makes it unusable. */
  timeZone: string;
  /** The change token it was built against (lib/db/history-cache.ts). */
  token: string;
  payers: PayerSnapshot[];
}

export const currentTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** In-memory form while building: bigints, Maps and Sets. */
interface PayerAcc {
  payer: string;
  lastAt: number;
  count: number;
  chargedCount: number;
  amount: bigint;
  days: Map<string, [number, bigint]>;
  models: Map<string, [number, bigint]>;
  conversations: Map<string, [number, bigint]>;
  networks: Set<string>;
  seenModels: Set<string>;
}

function bump(m: Map<string, [number, bigint]>, key: string, amount: bigint, count = 1) {
  const e = m.get(key);
  if (e) {
    e[0] += count;
    e[1] += amount;
  } else m.set(key, [count, amount]);
}

const fromRecord = (r: Record<string, CountSum>) => new Map(Object.entries(r).map(([k, [c, a]]) => [k, [c, BigInt(a)] as [number, bigint]]));
const toRecord = (m: Map<string, [number, bigint]>): Record<string, CountSum> =>
  Object.fromEntries([...m].map(([k, [c, a]]) => [k, [c, a.toString()]]));

function thaw(p: PayerSnapshot): PayerAcc {
  return {
    payer: p.payer, lastAt: p.lastAt, count: p.count, chargedCount: p.chargedCount, amount: BigInt(p.amount),
    days: fromRecord(p.days), models: fromRecord(p.models), conversations: fromRecord(p.conversations),
    networks: new Set(p.networks), seenModels: new Set(p.seenModels),
  };
}

function freeze(a: PayerAcc): PayerSnapshot {
  return {
    payer: a.payer, lastAt: a.lastAt, count: a.count, chargedCount: a.chargedCount, amount: a.amount.toString(),
    days: toRecord(a.days), models: toRecord(a.models), conversations: toRecord(a.conversations),
    networks: [...a.networks].sort(), seenModels: [...a.seenModels].sort(),
  };
}

/**
 * A snapshot at `cutoff` from a previous one (or none) plus the index keys of the payments after the previous
 * cutoff (all keys when there is none). Keys at or after `cutoff` are left out.
 */
export function buildSnapshot(o: { base?: HistorySnapshot; keys: readonly HistoryKey[]; cutoff: number; token: string }): HistorySnapshot {
  const payers = new Map<string, PayerAcc>();
  for (const p of o.base?.payers ?? []) payers.set(p.payer.toLowerCase(), thaw(p));
  let count = o.base?.count ?? 0;
  for (const [createdAt, status, amountText, payer, networkId, model, conversationId] of o.keys) {
    if (createdAt >= o.cutoff) continue;
    const folded = payer.toLowerCase();
    let a = payers.get(folded);
    if (!a) {
      a = { payer, lastAt: createdAt, count: 0, chargedCount: 0, amount: 0n, days: new Map(), models: new Map(), conversations: new Map(), networks: new Set(), seenModels: new Set() };
      payers.set(folded, a);
    }
    count++;
    a.count++;
    if (createdAt > a.lastAt) a.lastAt = createdAt;
    a.networks.add(networkId);
    a.seenModels.add(model);
    if (!mayBeCharged({ status: status as PaymentStatus })) continue;
    const amount = safeAmount(amountText);
    a.chargedCount++;
    a.amount += amount;
    bump(a.days, dayKey(createdAt), amount);
    bump(a.models, model, amount);
    bump(a.conversations, conversationId, amount);
  }
  return { cutoff: o.cutoff, count, timeZone: currentTimeZone(), token: o.token, payers: [...payers.values()].map(freeze) };
}

/** The cutoff a snapshot built now may use. */
export const cutoffFor = (now: number) => now - CUTOFF_LAG_MS;

/** Whether the keys after a snapshot's cutoff have grown enough to fold them in. */
export function shouldRollForward(s: HistorySnapshot, keysAfter: number, now: number): boolean {
  return keysAfter >= ROLL_FORWARD_AFTER || now - CUTOFF_LAG_MS - s.cutoff >= ROLL_FORWARD_AGE_MS;
}

/** A snapshot entry in the totals' terms (lib/history/totals.ts addSnapshot), amounts as bigints. */
export interface PayerTotals {
  payer: string;
  lastAt: number;
  count: number;
  chargedCount: number;
  amount: bigint;
  days: ReadonlyMap<string, readonly [number, bigint]>;
  models: ReadonlyMap<string, readonly [number, bigint]>;
  conversations: ReadonlyMap<string, readonly [number, bigint]>;
  networks: Iterable<string>;
  seenModels: Iterable<string>;
}

export function payerTotals(s: HistorySnapshot): PayerTotals[] {
  return s.payers.map(thaw);
}
