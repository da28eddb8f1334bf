/** The history's single pass agrees with the separate functions it replaces on the page. */
import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { historyRowFromKey, payersOf, toHistoryRows } from "@/lib/history/rows";
import { filterOptions, filterRows } from "@/lib/history/filter";
import { computeTotals } from "@/lib/history/totals";
import { summarizeHistory } from "@/lib/history/summary";
import { ChatDatabase } from "@/lib/db/schema";
import { conversationTitles, listNewestPayments, listPaymentsNewestFirst, readHistoryKeys, sessionFunders } from "@/lib/db/history-queries";
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

  it("give the first view from index keys alone: the same counts, menus, payers and exact totals as the records", async () => {
    const d = new ChatDatabase(`history-keys-${Math.random()}`);
    await d.payments.bulkAdd([...payments].sort(() => Math.random() - 0.5));
    const { keys, complete } = await readHistoryKeys(d);
    expect(complete).toBe(true);
    expect(keys.map((k) => k[0])).toEqual(payments.map((p) => p.createdAt)); // newest first
    const fromKeys = keys.map((k) => historyRowFromKey(k));
    for (const c of [
      { payer: undefined, filter: {} },
      { payer: PAYER.toLowerCase(), filter: { model: "anthropic/claude-sonnet-4", status: "charged" as const } },
      { payer: undefined, filter: { networkId: "base", from: "2026-03-10", to: "2026-03-14" } },
    ]) {
      const a = summarizeHistory(fromKeys, { ...c, now: NOW, maxDays: 90 });
      const b = summarizeHistory(rows, { ...c, now: NOW, maxDays: 90 });
      expect(a.totals).toEqual(b.totals);
      expect([a.scopedCount, a.shown.length, a.options, a.payers]).toEqual([b.scopedCount, b.shown.length, b.options, b.payers]);
    }
    expect((await listNewestPayments(5, d)).map((p) => p.createdAt)).toEqual(payments.slice(0, 5).map((p) => p.createdAt));
    d.close();
  });

  it("put a quick pay session's payments under the wallet that funded it, from the keys as from the records", async () => {
    const d = new ChatDatabase(`history-keys-session-${Math.random()}`);
    const SESSION = "0x5e55105e55105e55105e55105e55105e55105e55";
    const own = { ...payments[0], payer: PAYER };
    const bySession = { ...payments[1], payer: SESSION, fundedBy: PAYER, sessionId: "s1" };
    await d.payments.bulkAdd([own, bySession]);
    await d.quickPaySessions.add({ id: "s1", address: SESSION, mainWallet: PAYER } as never);
    const { keys } = await readHistoryKeys(d);
    const funders = await sessionFunders(d);
    const fromKeys = keys.map((k) => historyRowFromKey(k, funders));
    const fromRecords = toHistoryRows([own, bySession]);
    const scoped = (r: typeof fromKeys) => summarizeHistory(r, { payer: PAYER.toLowerCase(), filter: {}, now: NOW, maxDays: 90 });
    expect(scoped(fromKeys).scopedCount).toBe(2);
    expect(scoped(fromKeys).totals).toEqual(scoped(fromRecords).totals);
    expect(scoped(fromKeys).payers).toEqual(scoped(fromRecords).payers);
    // Without the sessions, the key alone would put it under the session's own address.
    expect(summarizeHistory(keys.map((k) => historyRowFromKey(k)), { payer: PAYER.toLowerCase(), filter: {}, now: NOW, maxDays: 90 }).scopedCount).toBe(1);
    d.close();
  });

  it("say the keys are incomplete when a record is missing from the index, so the page reads the records", async () => {
    const d = new ChatDatabase(`history-keys-incomplete-${Math.random()}`);
    await d.payments.bulkAdd(payments.slice(0, 3));
    // An old or hand-edited record without a payer has no key in a compound index.
    await d.payments.add({ ...payments[3], payer: undefined as unknown as string });
    const { keys, complete } = await readHistoryKeys(d);
    expect(keys).toHaveLength(3);
    expect(complete).toBe(false);
    d.close();
  });
});
