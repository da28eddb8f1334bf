/**
 * Payment records: written before the signature is asked for, updated at every step, never deleted.
 * Amounts leave this module as bigints.
 */
import { db as appDb, type ChatDatabase } from "./schema";
import type { PaymentStatus, StoredPayment } from "./types";
import { parseAtomic } from "../money";

export type NewPayment = Omit<StoredPayment, "id" | "createdAt" | "updatedAt" | "status" | "amount"> & { amount: bigint };

export async function recordPayment(p: NewPayment, d: ChatDatabase = appDb()): Promise<StoredPayment> {
  const now = Date.now();
  const stored: StoredPayment = { ...p, amount: p.amount.toString(), id: crypto.randomUUID(), createdAt: now, updatedAt: now, status: "quoted" };
  await d.payments.add(stored);
  return stored;
}

export async function updatePayment(
  id: string,
  changes: Partial<Omit<StoredPayment, "id" | "amount">> & { status?: PaymentStatus },
  d: ChatDatabase = appDb(),
) {
  await d.payments.update(id, { ...changes, updatedAt: Date.now() });
}

export function getPayment(id: string, d: ChatDatabase = appDb()) {
  return d.payments.get(id);
}

export function paymentAmount(p: Pick<StoredPayment, "amount">): bigint {
  return parseAtomic(p.amount);
}

/** Newest first; one payer or every payer used in this browser. */
export async function listPayments(opts: { payer?: string } = {}, d: ChatDatabase = appDb()) {
  const rows = opts.payer
    ? await d.payments.where("payer").equals(opts.payer).toArray()
    : await d.payments.toArray();
  return rows.sort((a, b) => b.createdAt - a.createdAt);
}

/** Statuses in which money left (or may have left) the wallet: they count against budgets and totals. */
export const CHARGED_STATUSES: readonly PaymentStatus[] = ["signed", "settled", "unknown"];

export function isCharged(p: Pick<StoredPayment, "status">) {
  return CHARGED_STATUSES.includes(p.status);
}

export async function spentSince(payer: string, since: number, d: ChatDatabase = appDb()): Promise<bigint> {
  const rows = await d.payments.where("payer").equals(payer).filter((p) => p.createdAt >= since && isCharged(p)).toArray();
  return rows.reduce((t, p) => t + paymentAmount(p), 0n);
}

export async function spentInConversation(conversationId: string, d: ChatDatabase = appDb()): Promise<bigint> {
  const rows = await d.payments.where("conversationId").equals(conversationId).filter(isCharged).toArray();
  return rows.reduce((t, p) => t + paymentAmount(p), 0n);
}

/** Imported history: keyed by id, so importing the same export twice adds nothing. */
export async function importPayments(rows: StoredPayment[], d: ChatDatabase = appDb()) {
  const existing = new Set((await d.payments.bulkGet(rows.map((r) => r.id))).filter(Boolean).map((r) => r!.id));
  const fresh = rows.filter((r) => !existing.has(r.id));
  await d.payments.bulkPut(fresh);
  return { added: fresh.length, skipped: rows.length - fresh.length };
}

export function startOfLocalDay(now = Date.now()) {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}
