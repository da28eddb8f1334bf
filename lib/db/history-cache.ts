/**
 * Where the history snapshot (lib/history/snapshot.ts) lives, and what keeps it honest.
 *
 * The store `historyCache` holds two rows: "snapshot" (the sums) and "token" (a random value). A Dexie middleware
 * sees every write to `payments`, in every transaction and every tab: a write to or a delete of a payment created
 * more than OLD_PAYMENT_MS ago puts a new token in the same transaction. A snapshot is used only while the
 * token it was built against is current. New payments and their status changes (the usual writes, on the send
 * path) touch nothing here: they are after the snapshot's cutoff, read from index keys on every load.
 *
 * A middleware rather than a rule for callers: the payments are written from many places (send, reservation,
 * reconciliation, verification, import, upgrades), and a forgotten call would leave wrong totals on screen.
 */
import type { DBCore, Middleware } from "dexie";
import type { HistorySnapshot } from "../history/snapshot";

export const HISTORY_CACHE = "historyCache";

/** A write to a payment created longer ago than this invalidates the snapshot. */
export const OLD_PAYMENT_MS = 6 * 3_600_000;
/** A snapshot covers only payments created at least this long before it was built: longer than OLD_PAYMENT_MS, so
 *  every later write to a payment inside it is a write to an old payment. */
export const CUTOFF_LAG_MS = 12 * 3_600_000;

/** A row of `historyCache`. */
export type HistoryCacheRow = { id: "token"; value: string } | ({ id: "snapshot" } & HistorySnapshot);

const isOld = (v: { createdAt?: unknown } | undefined, oldBefore: number) => !(typeof v?.createdAt === "number" && v.createdAt >= oldBefore);

export const newToken = () => crypto.randomUUID();

export const historyChangeMarker: Middleware<DBCore> = {
  stack: "dbcore",
  name: "historyChangeMarker",
  create(down) {
    const hasCache = down.schema.tables.some((t) => t.name === HISTORY_CACHE);
    if (!hasCache) return down;
    const cache = down.table(HISTORY_CACHE);
    return {
      ...down,
      // Every read-write transaction on the payments can write the token (IndexedDB needs the store in scope).
      transaction(stores, mode, options) {
        const scope = mode === "readwrite" && stores.includes("payments") && !stores.includes(HISTORY_CACHE) ? [...stores, HISTORY_CACHE] : stores;
        return down.transaction(scope, mode, options);
      },
      table(name) {
        const table = down.table(name);
        if (name !== "payments") return table;
        return {
          ...table,
          // Chained on Dexie's own promises, never a native await: the write must stay in the transaction's zone.
          mutate(req) {
            // An upgrade from before version 6 writes payments before this store exists.
            const inScope = (req.trans as unknown as IDBTransaction).objectStoreNames?.contains(HISTORY_CACHE) ?? true;
            if (!inScope) return table.mutate(req);
            const oldBefore = Date.now() - OLD_PAYMENT_MS;
            const markThenWrite = () =>
              cache.mutate({ trans: req.trans, type: "put", values: [{ id: "token", value: newToken() } satisfies HistoryCacheRow] }).then(() => table.mutate(req));
            // A delete by key reads what it deletes: the usual one is a reservation released seconds after it was
            // made (a cancelled payment dialog), which leaves the snapshot true. A delete by range is taken as old.
            if (req.type === "delete") {
              return table.getMany({ trans: req.trans, keys: req.keys })
                .then((gone) => (gone.some((v) => v !== undefined && isOld(v, oldBefore)) ? markThenWrite() : table.mutate(req)));
            }
            if (req.type === "deleteRange" || req.values.some((v) => isOld(v, oldBefore))) return markThenWrite();
            return table.mutate(req);
          },
        };
      },
    };
  },
};
