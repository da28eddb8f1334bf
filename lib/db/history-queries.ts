/**
 * Reads for the spend history, kept apart from payments.ts (which writes payments). The page first reads what it
 * shows at once: the index keys of every payment (totals, counts, filter menus: readHistoryKeys) and the newest
 * records (the rows in view: listNewestPayments); then, in the background, every record (listPaymentsNewestFirst,
 * for search, export, verification and scrolling far down).
 */
import { db as appDb, HISTORY_KEY_INDEX, type ChatDatabase } from "./schema";
import type { PaymentStatus, StoredPayment } from "./types";

/** A key of the history index: [createdAt, status, amount, payer, networkId, model, conversationId]. */
export type HistoryKey = [number, PaymentStatus, string, string, string, string, string];

/**
 * Every payment's key of the history index, newest first, without reading a record. `complete` is false when some
 * record is missing from the index (a compound index leaves out a record with a field that is not a valid key,
 * e.g. an old or hand-edited one): the totals must then come from the records.
 */
export async function readHistoryKeys(d: ChatDatabase = appDb()): Promise<{ keys: HistoryKey[]; complete: boolean }> {
  // IndexedDB's own key cursor: Dexie's keys() wraps every step in its promise machinery, several times slower
  // at 10,000 keys. The count goes through Dexie so that a live query (useLiveQuery) sees every change to the
  // payments and reads again; a change between the two reads is caught by that re-read.
  if (!d.isOpen()) await d.open();
  const store = d.backendDB().transaction("payments", "readonly").objectStore("payments");
  const keys: HistoryKey[] = [];
  const [count] = await Promise.all([
    d.payments.count(),
    new Promise<void>((resolve, reject) => {
      // "prev": newest first.
      const cursor = store.index(HISTORY_KEY_INDEX).openKeyCursor(null, "prev");
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (!c) return resolve();
        keys.push(c.key as HistoryKey);
        c.continue();
      };
      cursor.onerror = () => reject(cursor.error);
    }),
  ]);
  return { keys, complete: keys.length === count };
}

/** The newest `limit` payments, newest first (a cursor that stops after `limit` records). */
export function listNewestPayments(limit: number, d: ChatDatabase = appDb()): Promise<StoredPayment[]> {
  return d.payments.orderBy("createdAt").reverse().limit(limit).toArray();
}

/**
 * Every payment of every wallet used in this browser, newest first. Read ascending and reversed here: IndexedDB's
 * getAll (one call for the whole index) has no reverse direction, and a reverse read falls back to a cursor,
 * one step per row, several times slower at 10,000 rows.
 */
export async function listPaymentsNewestFirst(d: ChatDatabase = appDb()): Promise<StoredPayment[]> {
  return (await d.payments.orderBy("createdAt").toArray()).reverse();
}

/** Conversation titles by id, for the payments' rows (only the two fields the page shows are kept). */
export async function conversationTitles(d: ChatDatabase = appDb()): Promise<Map<string, string>> {
  const rows = await d.conversations.toArray();
  return new Map(rows.map((c) => [c.id, c.title]));
}

/**
 * Quick pay sessions' funding wallets by session address (lower case). The index keys carry a payment's `payer`
 * only; a session's payment belongs to the wallet that funded it (lib/history/summary.ts), so the first view maps
 * it there too. Sessions are few, and reading them inside the live query keeps it in step with new ones.
 */
export async function sessionFunders(d: ChatDatabase = appDb()): Promise<Map<string, string>> {
  const rows = await d.quickPaySessions.toArray();
  return new Map(rows.map((s) => [s.address.toLowerCase(), s.mainWallet]));
}
