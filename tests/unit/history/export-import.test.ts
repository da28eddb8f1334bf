import "fake-indexeddb/auto";
import { beforeEach, describe, expect, it } from "vitest";
import { ChatDatabase } from "@/lib/db/schema";
import { listPayments } from "@/lib/db/payments";
import { CSV_COLUMNS, csvField, csvRecord, exportFileName, parseCsv, toCsv, toJsonExport, toJsonText } from "@/lib/history/export";
import type { StoredPayment } from "@/lib/db/types";
import { checkImportSize, EARLIEST_PAYMENT_MS, HistoryImportError, importHistory, MAX_IMPORT_BYTES, parseHistoryJson, refusedText } from "@/lib/history/import";
import { payment } from "./fixtures";

let d: ChatDatabase;
beforeEach(async () => {
  d = new ChatDatabase(`test-${crypto.randomUUID()}`);
  await d.open();
});

describe("CSV", () => {
  it("escapes commas, quotes and line breaks (RFC 4180) and guards formulas in free text", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\rhere")).toBe('"cr\rhere"');
    expect(csvField(undefined)).toBe("");
    expect(csvField(0)).toBe("0");
    expect(csvField("=HYPERLINK(1)", true)).toBe("'=HYPERLINK(1)");
    expect(csvField("-5", false)).toBe("-5");
  });

  it("holds one exact row per payment, with atomic and human amounts, hashes, nonces and tokens", () => {
    const a = payment({ amount: "9007199254740993", reason: 'refused, "bad", \nreally', model: "=cmd|' /C calc'!A0" });
    const b = payment({ amount: "1012", usage: undefined, txHash: undefined, status: "not_signed" });
    const rows = parseCsv(toCsv([a, b]));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(3);
    const rec = (r: string[]) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r[i]]));
    const ra = rec(rows[1]);
    expect(ra.amount).toBe("9007199254740993");
    expect(ra.amountUsdc).toBe("9007199254.740993");
    expect(ra.reason).toBe('refused, "bad", \nreally');
    expect(ra.model).toBe("'=cmd|' /C calc'!A0");
    expect(ra.txHash).toBe(a.txHash);
    expect(ra.nonce).toBe(a.nonce);
    expect([ra.promptTokens, ra.completionTokens, ra.totalTokens]).toEqual(["10", "20", "30"]);
    expect(ra.createdAt).toBe(new Date(a.createdAt).toISOString());
    expect(ra.charged).toBe("yes");
    const rb = rec(rows[2]);
    expect(rb.amountUsdc).toBe("0.001012");
    expect(rb.totalTokens).toBe("");
    expect(rb.txHash).toBe("");
    expect(rb.charged).toBe("no");
  });

  it("names files by date", () => {
    expect(exportFileName("csv", new Date(2026, 0, 31, 12).getTime())).toBe("blockrun-chat-history-2026-01-31.csv");
  });
});

describe("JSON export and import", () => {
  it("round-trips into another browser without duplicates", async () => {
    const rows = [payment({ amount: "9007199254740993" }), payment({ status: "not_signed", txHash: undefined, reason: "nope" }), payment({ nonce: undefined, status: "quoted", txHash: undefined })];
    const text = toJsonText(rows);
    const parsed = JSON.parse(text);
    expect(parsed).toMatchObject({ format: "blockrun-chat/payments", version: 1, count: 3 });
    expect(parsed.payments[0].amount).toBe("9007199254740993");
    expect(parsed.payments[0].amountUsdc).toBe("9007199254.740993");

    expect(await importHistory(text, d)).toEqual({ added: 3, skipped: 0, refused: [] });
    const stored = await listPayments({}, d);
    expect(stored.sort((x, y) => x.id.localeCompare(y.id))).toEqual([...rows].sort((x, y) => x.id.localeCompare(y.id)));
    expect(await importHistory(text, d)).toEqual({ added: 0, skipped: 3, refused: [] });
    expect(await d.payments.count()).toBe(3);
  });

  it("skips a row repeated in the file, and the same authorization under another id", async () => {
    const a = payment();
    await d.payments.add(a);
    const text = JSON.stringify(toJsonExport([{ ...a, id: "another-id" }, payment(), payment({ id: "dup" }), payment({ id: "dup" })]));
    expect(await importHistory(text, d)).toEqual({ added: 2, skipped: 2, refused: [] });
    expect(await d.payments.count()).toBe(3);
  });

  it("refuses a file that is not an export with a clear message, and writes nothing", async () => {
    const good = toJsonExport([payment(), payment()]);
    const refuse = async (text: string, message: RegExp) => {
      await expect(importHistory(text, d)).rejects.toThrow(message);
      await expect(importHistory(text, d)).rejects.toBeInstanceOf(HistoryImportError);
      expect(await d.payments.count()).toBe(0);
    };
    await refuse("{nope", /not JSON/);
    await refuse(JSON.stringify({ hello: 1 }), /format is not "blockrun-chat\/payments"/);
    await refuse(JSON.stringify({ ...good, version: 2 }), /version must be 1/);
    await refuse(JSON.stringify({ ...good, count: 5 }), /says it holds 5 payments but holds 2/);
    await refuse(JSON.stringify({ ...good, payments: "many" }), /payments/);
  });

  it("names each bad row (number and why), skips it, and imports the rest", async () => {
    const good = toJsonExport([payment(), payment(), payment()]);
    const withRow2 = (p: Record<string, unknown>) => JSON.stringify({ ...good, payments: [good.payments[0], { ...good.payments[1], ...p }, good.payments[2]] });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ amount: 0.001 }, /^amount /],
      [{ amount: "1.5" }, /^amount must be a whole number of USDC atomic units/],
      [{ amount: "2000", amountUsdc: "0.001012" }, /^amountUsdc says 0\.001012 but amount 2000 is 0\.002000 USDC/],
      [{ payer: "me" }, /^payer must be an address/],
      [{ status: "paid" }, /^status /],
      [{ txHash: "0x12" }, /^txHash must be a transaction hash/],
      [{ usage: { promptTokens: -1, completionTokens: 0, totalTokens: 0 } }, /^usage\.promptTokens /],
      [{ id: undefined }, /^id /],
    ];
    for (const [bad, why] of cases) {
      const local = new ChatDatabase(`test-${crypto.randomUUID()}`);
      const result = await importHistory(withRow2(bad), local);
      expect(result.added, JSON.stringify(bad)).toBe(2);
      expect(result.refused).toHaveLength(1);
      expect(result.refused[0].row).toBe(2);
      expect(result.refused[0].reason).toMatch(why);
      expect((await local.payments.toArray()).map((p) => p.id).sort()).toEqual([good.payments[0].id, good.payments[2].id].sort());
    }
    expect(refusedText([{ row: 2, reason: "payer must be an address" }])).toBe("Row 2 not imported: payer must be an address.");
    const many = Array.from({ length: 8 }, (_, i) => ({ row: i + 1, reason: "bad" }));
    expect(refusedText(many)).toBe("Row 1 not imported: bad. Row 2 not imported: bad. Row 3 not imported: bad. Row 4 not imported: bad. Row 5 not imported: bad. 3 more rows not imported.");
  });
  it("strips the human amount and unknown fields before storing", () => {
    const { payments: [p] } = parseHistoryJson(JSON.stringify({ ...toJsonExport([payment()]), payments: [{ ...toJsonExport([payment()]).payments[0], extra: 1 }] }));
    expect(p).not.toHaveProperty("amountUsdc");
    expect(p).not.toHaveProperty("extra");
  });
});

describe("import bounds", () => {
  const now = Date.UTC(2026, 10, 25, 12);
  const day = 24 * 60 * 60 * 1000;
  const fileWith = (over: Record<string, unknown>) =>
    JSON.stringify(toJsonExport([payment({ createdAt: now - day, updatedAt: now - day, ...over } as Partial<StoredPayment>)]));
  const refusal = (over: Record<string, unknown>) => {
    const { payments, refused } = parseHistoryJson(fileWith(over), now);
    expect(payments, JSON.stringify(over)).toHaveLength(0);
    expect(refused).toHaveLength(1);
    return refused[0].reason;
  };

  it("refuses a file over the size cap before parsing, and says the cap", async () => {
    expect(() => checkImportSize(MAX_IMPORT_BYTES)).not.toThrow();
    expect(() => checkImportSize(MAX_IMPORT_BYTES + 1)).toThrow(/more than the 20 MB an export can be/);
    const huge = toJsonText([payment()]).replace('"payments"', `"padding": "${"x".repeat(MAX_IMPORT_BYTES)}", "payments"`);
    await expect(importHistory(huge, d)).rejects.toThrow(/more than the 20 MB/);
    // Multi-byte text is measured in bytes, not characters.
    const wide = toJsonText([payment()]).replace('"payments"', `"padding": "${"€".repeat(Math.ceil(MAX_IMPORT_BYTES / 3) + 10)}", "payments"`);
    expect(() => parseHistoryJson(wide)).toThrow(/more than the 20 MB/);
    expect(await d.payments.count()).toBe(0);
  });

  it("keeps dates between 2024 and a day ahead: a date no browser can print is refused, not stored", () => {
    expect(parseHistoryJson(fileWith({ createdAt: EARLIEST_PAYMENT_MS, updatedAt: EARLIEST_PAYMENT_MS }), now).payments).toHaveLength(1);
    expect(parseHistoryJson(fileWith({ createdAt: now + day - 1, updatedAt: now + day - 1 }), now).payments).toHaveLength(1);
    expect(refusal({ createdAt: EARLIEST_PAYMENT_MS - 1 })).toBe("createdAt is before 2024 (no payment of this app is older)");
    expect(refusal({ createdAt: 0 })).toMatch(/before 2024/);
    expect(refusal({ createdAt: now + day + 1, updatedAt: now + day + 1 })).toBe("createdAt is more than a day in the future");
    // new Date(9e15).toISOString() throws: such a row used to break the history page for good.
    expect(refusal({ createdAt: 9e15, updatedAt: 9e15 })).toMatch(/future/);
    expect(refusal({ updatedAt: 1e300 })).toMatch(/updatedAt is more than a day in the future/);
    expect(refusal({ createdAt: 1.5e12 + 0.5 })).toMatch(/createdAt/);
    expect(refusal({ updatedAt: now - 2 * day })).toBe("updatedAt is before createdAt");
  });

  it("bounds amounts, token counts, ids, labels and the breakdown", () => {
    expect(parseHistoryJson(fileWith({ amount: "9007199254740993" }), now).payments).toHaveLength(1);
    expect(parseHistoryJson(fileWith({ amount: "0001012" }), now).payments).toHaveLength(1);
    expect(refusal({ amount: "1" + "0".repeat(18) })).toBe("amount is more than a trillion USDC: not a chat payment");
    expect(refusal({ amount: "-5" })).toMatch(/^amount must be a whole number/);
    expect(refusal({ usage: { promptTokens: 1e300, completionTokens: 0, totalTokens: 0 } })).toMatch(/^usage\.promptTokens must be at most/);
    expect(refusal({ conversationId: "../../evil" })).toMatch(/^conversationId must be a conversation id/);
    expect(refusal({ conversationId: "" })).toMatch(/^conversationId/);
    expect(refusal({ id: "<img src=x>" })).toMatch(/^id must be an id/);
    expect(refusal({ model: "x".repeat(301) })).toMatch(/^model/);
    expect(refusal({ model: "line\nbreak" })).toBe("model must not hold control characters");
    expect(refusal({ chainId: 1e300 })).toMatch(/^chainId/);
    expect(refusal({ validBefore: "9".repeat(30) })).toMatch(/^validBefore must be a whole number of seconds/);
    expect(refusal({ breakdown: { __proto__x: "1" } })).toMatch(/^breakdown/);
    expect(refusal({ breakdown: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, "1"])) })).toBe("breakdown has more than 20 entries");
    expect(refusal({ breakdown: { inputCost: "x".repeat(41) } })).toMatch(/^breakdown\.inputCost/);
    expect(parseHistoryJson(fileWith({ breakdown: { inputCost: "0.000100", outputCost: "0.000900", fee: "0.001" } }), now).payments).toHaveLength(1);
  });

  it("every row it accepts can be shown: its date prints and its CSV record builds", () => {
    const { payments } = parseHistoryJson(
      JSON.stringify(toJsonExport([payment({ createdAt: EARLIEST_PAYMENT_MS, updatedAt: now }), payment({ createdAt: now + day - 1, updatedAt: now + day - 1 })])),
      now,
    );
    expect(payments).toHaveLength(2);
    for (const p of payments) {
      expect(() => new Date(p.createdAt).toISOString()).not.toThrow();
      expect(() => csvRecord(p)).not.toThrow();
    }
  });
});
