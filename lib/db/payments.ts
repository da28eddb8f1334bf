/**
 * Payment records: written before the signature is asked for, updated at every step, never deleted.
 * Amounts leave this module as bigints. What each status means is decided in lib/payments/status.ts.
 */
import Dexie from "dexie";
import { db as appDb, type ChatDatabase } from "./schema";
import type { PaymentStatus, StoredPayment } from "./types";
import { parseAtomic } from "../money";
import { isFinal, isReserved, mayBeCharged, OPEN_STATUSES } from "../payments/status";

export type NewPayment = Omit<StoredPayment, "id" | "createdAt" | "updatedAt" | "status" | "amount"> & { amount: bigint };

/** A new record, "quoted". Call inside the reservation (lib/payments/reserve.ts), which checks the limits first. */
export async function recordPayment(p: NewPayment, d: ChatDatabase = appDb()): Promise<StoredPayment> {
  const now = Date.now();
  const stored: StoredPayment = { ...p, amount: p.amount.toString(), id: crypto.randomUUID(), createdAt: now, updatedAt: now, status: "quoted" };
  await d.payments.add(stored);
  return stored;
}

/** Stores a record built by the reservation (lib/payments/reserve.ts). */
export async function insertPayment(p: StoredPayment, d: ChatDatabase = appDb()) {
  await d.payments.add(p);
}

/** Removes a record that was never signed (still "quoted"); a signed record is never deleted. */
export async function removeUnsignedPayment(id: string, d: ChatDatabase = appDb()) {
  await d.transaction("rw", d.payments, async () => {
    if ((await d.payments.get(id))?.status === "quoted") await d.payments.delete(id);
  });
}

/**
 * Updates a record. A proven outcome is never taken back: once settled, not_signed or expired, the status stays
 * (a late "unknown" from a slower step cannot overwrite a settlement the chain already confirmed).
 */
export async function updatePayment(
  id: string,
  changes: Partial<Omit<StoredPayment, "id" | "amount">> & { status?: PaymentStatus },
  d: ChatDatabase = appDb(),
) {
  await d.payments.where("id").equals(id).modify((p) => {
    const was = p.status;
    Object.assign(p, changes, { updatedAt: Date.now() });
    if (isFinal({ status: was })) p.status = was;
  });
}

/**
 * The authorization is written down before the wallet is asked (lib/chat/send/authorize.ts): the reservation this
 * tab holds, still "quoted", with the payer, the nonce, the validity window and the reply it pays for, in one put
 * of the record it already has (no read: the owner lock keeps other tabs off a reserved payment, and nothing else
 * changes one). From here on the chain can always settle the question, so the signed request may leave as soon
 * as the wallet answers (asSigned is written later); a "quoted" record with a nonce whose tab is gone is asked of
 * the chain, never released (lib/payments/reconcile.ts). Resolves once the transaction has committed. An explicit
 * transaction: Dexie then tells the live queries once, at the commit, instead of also optimistically before it.
 */
export async function recordSigning(
  reservation: StoredPayment,
  terms: Pick<StoredPayment, "payer" | "nonce" | "messageId" | "validAfter" | "validBefore">,
  d: ChatDatabase = appDb(),
): Promise<StoredPayment> {
  const row: StoredPayment = { ...reservation, ...terms, status: "quoted", updatedAt: Date.now() };
  await d.transaction("rw", d.payments, () => d.payments.put(row));
  return row;
}

/**
 * The wallet signed: the record of recordSigning, as "signed". Written with the exchange's messages
 * (saveExchange's `payment`), after the request left: the nonce is already committed, so nothing waits for it.
 */
export function asSigned(signing: StoredPayment): StoredPayment {
  return { ...signing, status: "signed", updatedAt: Date.now() };
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

export function listConversationPayments(conversationId: string, d: ChatDatabase = appDb()) {
  return d.payments.where("conversationId").equals(conversationId).toArray();
}

/** Money moved or may have moved (settled, or signed and not proven unused): totals and the "charged" filter. */
export const isCharged = mayBeCharged;

/** Sums index keys whose last two parts are [status, amount]: no record is read (fast at 10,000 payments). */
function sumKeys(keys: unknown[]): bigint {
  let t = 0n;
  for (const k of keys as string[][]) {
    const status = k[k.length - 2] as PaymentStatus;
    if (isReserved({ status })) t += parseAtomic(k[k.length - 1]);
  }
  return t;
}

/** What counts against the daily limit of `payer` since `since`: charged, may be charged, or awaiting approval. */
export async function spentSince(payer: string, since: number, d: ChatDatabase = appDb()): Promise<bigint> {
  const keys = await d.payments
    .where("[payer+createdAt+status+amount]")
    .between([payer, since], [payer, Dexie.maxKey], true, true)
    .keys();
  return sumKeys(keys);
}

/** What counts against one conversation's limit. */
export async function spentInConversation(conversationId: string, d: ChatDatabase = appDb()): Promise<bigint> {
  const keys = await d.payments
    .where("[conversationId+status+amount]")
    .between([conversationId, Dexie.minKey], [conversationId, Dexie.maxKey], true, true)
    .keys();
  return sumKeys(keys);
}

/** Payments whose outcome is still open (signed, not proven either way), plus those awaiting approval. */
export function listUnsettledPayments(d: ChatDatabase = appDb()) {
  return d.payments.where("status").anyOf([...OPEN_STATUSES, "quoted"]).toArray();
}

export function countUnsettledPayments(d: ChatDatabase = appDb()) {
  return d.payments.where("status").anyOf([...OPEN_STATUSES, "quoted"]).count();
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
