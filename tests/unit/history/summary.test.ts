/** The history's single pass agrees with the separate functions it replaces on the page. */
import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { historyRowFromKey, payersOf, toHistoryRows } from "@/lib/history/rows";
import { filterOptions, filterRows } from "@/lib/history/filter";
import { computeTotals } from "@/lib/history/totals";
import { summarizeHistory } from "@/lib/history/summary";
import { ChatDatabase } from "@/lib/db/schema";
import { conversationTitles, listNewestPayments, listPaymentsNewestFirst, readFirstView, sessionFunders } from "@/lib/db/history-queries";
import { OTHER_PAYER, PAYER, payment } from "./fixtures";

const NOW = new Date(2026, 2, 15, 15, 30).getTime();
const DAY = 86_400_000;

const payments = Array.from({ length: 400 }, (_, i) =>
  payment({
    createdAt: NOW - i * 3_600_000,
    payer: i % 5 === 0 ? OTHER_PAYER : i % 7 === 0 ? PAYER.toLowerCase() : PAYER,
    model: ["openai/gpt-4o-mini", "anthropic/claude-sonnet-4", "deepseek/deepseek-chat"][i % 3],
    networkId: i % 11 === 0 ? "base" : "devnet",
    status: i % 4 === 0 ? "not_signed" : "settled",
    amount: String(1000 + i),
    conversationId: `c${i % 9}`,
  }),
);
const titles = new Map([["c3", "Trip to Lisbon"]]);
const rows = toHistoryRows(payments, titles);

describe("summarizeHistory", () => {
  const cases = [
    { name: "every wallet, no filter", payer: undefined, filter: {} },
    { name: "one wallet (any case)", payer: PAYER.toLowerCase(), filter: {} },
    { name: "one wallet, model and status", payer: PAYER, filter: { model: "anthropic/claude-sonnet-4", status: "charged" as const } },
    { name: "search and days", payer: undefined, filter: { search: "lisbon", from: "2026-03-10" } },
  ];
  for (const c of cases) {
    it(`matches scope, filter, menus, totals and payers: ${c.name}`, () => {
      const scoped = c.payer ? filterRows(rows, { payer: c.payer }) : rows;
      const shown = filterRows(scoped, c.filter);
      const v = summarizeHistory(rows, { payer: c.payer, filter: c.filter, now: NOW, maxDays: 90 });
      expect(v.scopedCount).toBe(scoped.length);
      expect(v.shown).toEqual(shown);
      expect(v.options).toEqual(filterOptions(scoped));
      expect(v.totals).toEqual(computeTotals(shown, { now: NOW, maxDays: 90 }));
      expect(v.payers).toEqual(payersOf(payments));
    });
  }
  it("builds the search text only when a search needs it", () => {
    const fresh = toHistoryRows(payments.slice(0, 3), titles);
    expect(Object.values(fresh[0]).some((v) => typeof v === "string" && v.includes(" "))).toBe(false);
    expect(fresh[0].haystack).toContain("openai/gpt-4o-mini");
  });
});

describe("history queries", () => {
  it("read every payment newest first from the index, and the conversation titles", async () => {
    const d = new ChatDatabase(`history-queries-${Math.random()}`);
    const shuffled = [...payments].sort(() => Math.random() - 0.5);
    await d.payments.bulkAdd(shuffled);
    await d.conversations.add({ id: "c3", title: "Trip to Lisbon", createdAt: NOW, updatedAt: NOW, networkId: "devnet", model: "m", settings: { systemPrompt: "", maxTokens: 16 }, draft: "" });
    const read = await listPaymentsNewestFirst(d);
    expect(read.map((p) => p.createdAt)).toEqual([...payments].map((p) => p.createdAt).sort((a, b) => b - a));
    expect(toHistoryRows(read).map((r) => r.payment.id)).toEqual(read.map((p) => p.id));
    expect(await conversationTitles(d)).toEqual(new Map([["c3", "Trip to Lisbon"]]));
    expect(read[read.length - 1].createdAt).toBe(NOW - 399 * 3_600_000);
    expect(NOW - read[0].createdAt).toBeLessThan(DAY);
    d.close();
  });

  it("give the first view from the snapshot and index keys: the same counts, menus, payers and exact totals as the records", async () => {
    const d = new ChatDatabase(`history-keys-${Math.random()}`);
    await d.payments.bulkAdd([...payments].sort(() => Math.random() - 0.5));
    const first = (await readFirstView(d, NOW))!;
    // Built here (no snapshot yet): payments older than 12 h are summed, the newer ones come as keys, newest first.
    expect(first.save).toBe(first.snapshot);
    expect(first.snapshot.count + first.keys.length).toBe(payments.length);
    expect(first.keys.map((k) => k[0])).toEqual(payments.filter((p) => p.createdAt >= first.snapshot.cutoff).map((p) => p.createdAt));
    expect(first.keys.length).toBeGreaterThan(0);
    const fromKeys = first.keys.map((k) => historyRowFromKey(k));
    for (const payer of [undefined, PAYER.toLowerCase(), OTHER_PAYER]) {
      const a = summarizeHistory(fromKeys, { payer, filter: {}, now: NOW, maxDays: 90, base: first.base });
      const b = summarizeHistory(rows, { payer, filter: {}, now: NOW, maxDays: 90 });
      expect(a.totals).toEqual(b.totals);
      expect([a.scopedCount, a.shownCount, a.options, a.payers]).toEqual([b.scopedCount, b.shown.length, b.options, b.payers]);
    }
    expect(() => summarizeHistory(fromKeys, { filter: { model: "x" }, base: first.base })).toThrow(/cannot be filtered/);
    expect((await listNewestPayments(5, d)).map((p) => p.createdAt)).toEqual(payments.slice(0, 5).map((p) => p.createdAt));
    d.close();
  });

  it("put a quick pay session's payments under the wallet that funded it, from the snapshot as from the records", async () => {
    const d = new ChatDatabase(`history-keys-session-${Math.random()}`);
    const SESSION = "0x5e55105e55105e55105e55105e55105e55105e55";
    const own = { ...payments[0], payer: PAYER };
    const bySession = { ...payments[1], payer: SESSION, fundedBy: PAYER, sessionId: "s1" };
    const oldBySession = { ...payments[300], payer: SESSION, fundedBy: PAYER, sessionId: "s1" };
    await d.payments.bulkAdd([own, bySession, oldBySession]);
    await d.quickPaySessions.add({ id: "s1", address: SESSION, mainWallet: PAYER } as never);
    const first = (await readFirstView(d, NOW))!;
    const funders = await sessionFunders(d);
    const fromKeys = first.keys.map((k) => historyRowFromKey(k, funders));
    const fromRecords = toHistoryRows([own, bySession, oldBySession]);
    const base = first.base;
    const scoped = (r: typeof fromKeys, more = {}) => summarizeHistory(r, { payer: PAYER.toLowerCase(), filter: {}, now: NOW, maxDays: 90, ...more });
    expect(scoped(fromKeys, { base, funders }).scopedCount).toBe(3);
    expect(scoped(fromKeys, { base, funders }).totals).toEqual(scoped(fromRecords).totals);
    expect(scoped(fromKeys, { base, funders }).payers).toEqual(scoped(fromRecords).payers);
    // Without the sessions, the keys alone would put them under the session's own address.
    expect(scoped(first.keys.map((k) => historyRowFromKey(k)), { base }).scopedCount).toBe(1);
    d.close();
  });

  it("give no first view when a record is missing from the index, so the page reads the records", async () => {
    const d = new ChatDatabase(`history-keys-incomplete-${Math.random()}`);
    await d.payments.bulkAdd(payments.slice(0, 3));
    // An old or hand-edited record without a payer has no key in a compound index.
    await d.payments.add({ ...payments[3], payer: undefined as unknown as string });
    expect(await readFirstView(d, NOW)).toBeUndefined();
    d.close();
  });
});
