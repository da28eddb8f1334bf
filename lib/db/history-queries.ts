/**
 * Reads for the spend history, kept apart from payments.ts (which writes payments). The page first reads what it
 * shows at once: the sums of older payments in one record (the history snapshot, lib/history/snapshot.ts) and the
 * index keys of the newer ones (totals, counts, filter menus: readFirstView), and the newest records (the rows in
 * view: listNewestPayments); then, in the background, every record (listPaymentsNewestFirst, for the filters,
 * search, export, verification and scrolling far down).
 */
import { db as appDb, HISTORY_KEY_INDEX, type ChatDatabase } from "./schema";
import type { PaymentStatus, StoredPayment } from "./types";
import { HISTORY_CACHE, type HistoryCacheRow } from "./history-cache";
import { buildSnapshot, currentTimeZone, cutoffFor, payerTotals, shouldRollForward, type HistorySnapshot, type PayerTotals } from "../history/snapshot";

/** A key of the history index: [createdAt, status, amount, payer, networkId, model, conversationId]. */
export type HistoryKey = [number, PaymentStatus, string, string, string, string, string];

const request = <T>(r: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });

/** History index keys newest first, from `from` (ms, inclusive) on, or all of them. */
function cursorKeys(store: IDBObjectStore, from?: number): Promise<HistoryKey[]> {
  const keys: HistoryKey[] = [];
  return new Promise<HistoryKey[]>((resolve, reject) => {
    // [from] sorts before every [from, ...] key: the range starts at the first payment created at `from`.
    const cursor = store.index(HISTORY_KEY_INDEX).openKeyCursor(from === undefined ? null : IDBKeyRange.lowerBound([from]), "prev");
    cursor.onsuccess = () => {
      const c = cursor.result;
      if (!c) return resolve(keys);
      keys.push(c.key as HistoryKey);
      c.continue();
    };
    cursor.onerror = () => reject(cursor.error);
  });
}

export interface FirstView {
  /** The sums of every payment before `snapshot.cutoff`. */
  snapshot: HistorySnapshot;
  /** The same sums per payer, read (bigints, maps) for the totals (lib/history/summary.ts `base`). */
  base: PayerTotals[];
  /** Index keys of the payments after it, newest first. */
  keys: HistoryKey[];
  /** A snapshot built or rolled forward by this read, for saveSnapshot (a live query cannot write). */
  save?: HistorySnapshot;
}

/**
 * The history's first view: the snapshot when it is current (its token, time zone and count agree), and the index
 * keys after its cutoff; otherwise a new snapshot built from every key, to be saved. Undefined when some payment is
 * missing from the index (a record with a field that is not a valid key): the page then waits for the records.
 * One IndexedDB transaction, so the snapshot, the token and the keys agree; Dexie reads the token and the count as
 * well, so that a live query reads again after any change.
 */
export async function readFirstView(d: ChatDatabase = appDb(), now = Date.now()): Promise<FirstView | undefined> {
  if (!d.isOpen()) await d.open();
  await Promise.all([d.payments.count(), d.historyCache.get("token")]);
  const tx = d.backendDB().transaction(["payments", HISTORY_CACHE], "readonly");
  const payments = tx.objectStore("payments");
  const cache = tx.objectStore(HISTORY_CACHE);
  const [tokenRow, stored, total] = await Promise.all([
    request(cache.get("token")) as Promise<HistoryCacheRow | undefined>,
    request(cache.get("snapshot")) as Promise<(HistoryCacheRow & { id: "snapshot" }) | undefined>,
    request(payments.count()),
  ]);
  const token = tokenRow?.id === "token" ? tokenRow.value : "";
  const current = stored && stored.token === token && stored.timeZone === currentTimeZone() ? readable(stored) : undefined;
  if (current) {
    const keys = await cursorKeys(payments, current.snapshot.cutoff);
    if (current.snapshot.count + keys.length === total) {
      if (!shouldRollForward(current.snapshot, keys.length, now)) return { ...current, keys };
      return built(buildSnapshot({ base: current.snapshot, keys, cutoff: cutoffFor(now), token }), keys);
    }
  }
  const keys = await cursorKeys(payments);
  if (keys.length !== total) return undefined;
  return built(buildSnapshot({ keys, cutoff: cutoffFor(now), token }), keys);
}

/** A stored snapshot, unless it does not read (a hand-edited or damaged record is rebuilt, never shown). */
function readable(stored: HistorySnapshot): { snapshot: HistorySnapshot; base: PayerTotals[] } | undefined {
  const snapshot: HistorySnapshot = { cutoff: stored.cutoff, count: stored.count, timeZone: stored.timeZone, token: stored.token, payers: stored.payers };
  try {
    if (!Number.isFinite(snapshot.cutoff) || !Number.isInteger(snapshot.count)) return undefined;
    return { snapshot, base: payerTotals(snapshot) };
  } catch {
    return undefined;
  }
}

/** A snapshot built by this read: shown with the keys after its cutoff, and to be saved. */
function built(next: HistorySnapshot, keys: HistoryKey[]): FirstView {
  return { snapshot: next, base: payerTotals(next), keys: keys.filter((k) => k[0] >= next.cutoff), save: next };
}

/** Saves a snapshot from readFirstView, unless a payment changed since it was read (the token moved). */
export async function saveSnapshot(snapshot: HistorySnapshot, d: ChatDatabase = appDb()): Promise<boolean> {
  return d.transaction("rw", d.historyCache, async () => {
    const row = await d.historyCache.get("token");
    if ((row?.id === "token" ? row.value : "") !== snapshot.token) return false;
    await d.historyCache.put({ id: "snapshot", ...snapshot });
    return true;
  });
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
