/**
 * The history snapshot is used only while it is true: every write that could change a payment inside it moves the
 * token (the middleware), a write that bypassed the app shows in the count, and a newer payment needs nothing.
 */
import "fake-indexeddb/auto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ChatDatabase } from "@/lib/db/schema";
import type { HistoryCacheRow } from "@/lib/db/history-cache";
import { listPaymentsNewestFirst, readFirstView, saveSnapshot } from "@/lib/db/history-queries";
import { historyRowFromKey, toHistoryRows } from "@/lib/history/rows";
import { summarizeHistory } from "@/lib/history/summary";
import { updatePayment } from "@/lib/db/payments";
import { payment, PAYER } from "../history/fixtures";
import { legacyDatabase } from "../../fixtures/legacy-database";

const HOUR = 3_600_000;
const now = () => Date.now();

async function freshDb(count = 50) {
  const d = new ChatDatabase(`history-cache-${Math.random()}`);
  // One payment an hour, the newest a minute ago: most are older than the snapshot's cutoff (12 h).
  await d.payments.bulkAdd(Array.from({ length: count }, (_, i) => payment({ createdAt: now() - 60_000 - i * HOUR, amount: String(1000 + i) })));
  return d;
}

/** Builds and saves a snapshot, as the history page does on its first visit. */
async function withSnapshot(d: ChatDatabase) {
  const first = (await readFirstView(d))!;
  expect(await saveSnapshot(first.save!, d)).toBe(true);
  const again = (await readFirstView(d))!;
  expect(again.save).toBeUndefined();
  return again;
}

/** The first view's totals against the records' own. */
async function expectTrue(d: ChatDatabase) {
  const first = (await readFirstView(d))!;
  const a = summarizeHistory(first.keys.map((k) => historyRowFromKey(k)), { filter: {}, base: first.base });
  const b = summarizeHistory(toHistoryRows(await listPaymentsNewestFirst(d)), { filter: {} });
  expect([a.totals, a.shownCount]).toEqual([b.totals, b.shown.length]);
  return first;
}

afterEach(() => vi.restoreAllMocks());

describe("history snapshot", () => {
  it("is built once, then read with only the newer payments' keys", async () => {
    const d = await freshDb();
    const first = await withSnapshot(d);
    expect(first.snapshot.count).toBe(38); // created 12 h ago or earlier (hours 12..49)
    expect(first.keys).toHaveLength(12);
    await expectTrue(d);
    d.close();
  });

  it("needs nothing for a new payment and its status changes", async () => {
    const d = await freshDb();
    const before = await withSnapshot(d);
    const fresh = payment({ createdAt: now(), status: "signed", amount: "5000" });
    await d.payments.add(fresh);
    await updatePayment(fresh.id, { status: "settled" }, d);
    const after = await expectTrue(d);
    expect(after.save).toBeUndefined();
    expect(after.snapshot.token).toBe(before.snapshot.token);
    expect(after.keys).toHaveLength(13);
    d.close();
  });

  it("is dropped when an old payment changes, one is deleted or an old one is added, in any transaction", async () => {
    const d = await freshDb();
    const changes: ((ids: string[]) => Promise<unknown>)[] = [
      (ids) => d.payments.update(ids[40], { status: "expired" }), // a late reconciliation
      (ids) => d.transaction("rw", d.payments, () => d.payments.where("id").equals(ids[30]).modify({ amount: "1" })),
      (ids) => d.payments.delete(ids[20]), // created 20 h ago: inside the snapshot
      () => d.payments.bulkPut([payment({ createdAt: now() - 400 * HOUR, amount: "777" })]), // an import
    ];
    for (const change of changes) {
      const before = await withSnapshot(d);
      await change((await listPaymentsNewestFirst(d)).map((p) => p.id));
      const after = await expectTrue(d);
      expect(after.save).toBeDefined(); // rebuilt from every key
      expect(after.save!.token).not.toBe(before.snapshot.token);
    }
    d.close();
  });

  it("is kept when a recent record is deleted (a released reservation), and stays true", async () => {
    const d = await freshDb();
    const before = await withSnapshot(d);
    const reservation = payment({ createdAt: now(), status: "quoted", amount: "9000" });
    await d.payments.add(reservation);
    await d.payments.delete(reservation.id); // the payment dialog was cancelled
    await d.payments.delete("no-such-payment");
    const after = await expectTrue(d);
    expect(after.save).toBeUndefined();
    expect(after.snapshot.token).toBe(before.snapshot.token);
    d.close();
  });

  it("is dropped when a write bypassed the app (the count disagrees)", async () => {
    const d = await freshDb();
    await withSnapshot(d);
    const raw = d.backendDB().transaction("payments", "readwrite");
    raw.objectStore("payments").put(payment({ createdAt: now() - 300 * HOUR, amount: "999" }));
    await new Promise((r) => (raw.oncomplete = r));
    expect((await expectTrue(d)).save).toBeDefined();
    d.close();
  });

  it("is rebuilt, not shown, when the stored record does not read (hand-edited or damaged)", async () => {
    const d = await freshDb();
    const { snapshot } = await withSnapshot(d);
    const damaged: HistoryCacheRow = { id: "snapshot", ...snapshot, payers: [{ ...snapshot.payers[0], amount: "not a number" }] };
    await d.historyCache.put(damaged);
    const again = (await readFirstView(d))!;
    expect(again.save).toBeDefined();
    await expectTrue(d);
    d.close();
  });

  it("is not saved over a payment written after it was read", async () => {
    const d = await freshDb();
    const first = (await readFirstView(d))!;
    await d.payments.update((await listPaymentsNewestFirst(d))[45].id, { status: "expired" });
    expect(await saveSnapshot(first.save!, d)).toBe(false);
    d.close();
  });

  it("is dropped in another time zone (its days are local)", async () => {
    const d = await freshDb();
    await withSnapshot(d);
    const real = Intl.DateTimeFormat.prototype.resolvedOptions;
    vi.spyOn(Intl.DateTimeFormat.prototype, "resolvedOptions").mockImplementation(function (this: Intl.DateTimeFormat) {
      return { ...real.call(this), timeZone: "Pacific/Chatham" };
    });
    expect((await readFirstView(d))!.save).toBeDefined();
    d.close();
  });

  it("rolls its cutoff forward when the newer payments pile up, keeping the same totals", async () => {
    const d = await freshDb();
    const first = await withSnapshot(d);
    const later = (await readFirstView(d, now() + 2 * 24 * HOUR))!;
    expect(later.save).toBeDefined();
    expect(later.snapshot.cutoff).toBeGreaterThan(first.snapshot.cutoff);
    expect(later.snapshot.count + later.keys.length).toBe(50);
    expect(await saveSnapshot(later.save!, d)).toBe(true);
    d.close();
  });

  it("opens over a version 1 database with payments (version 2's upgrade rewrites them before this store exists)", async () => {
    const name = `history-cache-v1-${Math.random()}`;
    const v1 = legacyDatabase(name, 1);
    await v1.table("payments").add({ ...payment({ createdAt: now() - 100 * HOUR, payer: PAYER }), status: "refused" });
    v1.close();
    const d = new ChatDatabase(name);
    await d.open();
    expect(d.verno).toBe(6);
    expect((await d.payments.toArray())[0].status).toBe("unknown"); // v2's rule for a signed "refused"
    expect((await readFirstView(d))!.snapshot.count).toBe(1);
    d.close();
  });
});
