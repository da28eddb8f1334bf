import "fake-indexeddb/auto";
import { beforeEach, describe, expect, it } from "vitest";
import { ChatDatabase } from "@/lib/db/schema";
import { listPayments } from "@/lib/db/payments";
import { CSV_COLUMNS, csvField, exportFileName, parseCsv, toCsv, toJsonExport, toJsonText } from "@/lib/history/export";
import { HistoryImportError, importHistory, parseHistoryJson } from "@/lib/history/import";
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

    expect(await importHistory(text, d)).toEqual({ added: 3, skipped: 0 });
    const stored = await listPayments({}, d);
    expect(stored.sort((x, y) => x.id.localeCompare(y.id))).toEqual([...rows].sort((x, y) => x.id.localeCompare(y.id)));
    expect(await importHistory(text, d)).toEqual({ added: 0, skipped: 3 });
    expect(await d.payments.count()).toBe(3);
  });

  it("skips a row repeated in the file, and the same authorization under another id", async () => {
    const a = payment();
    await d.payments.add(a);
    const text = JSON.stringify(toJsonExport([{ ...a, id: "another-id" }, payment(), payment({ id: "dup" }), payment({ id: "dup" })]));
    expect(await importHistory(text, d)).toEqual({ added: 2, skipped: 2 });
    expect(await d.payments.count()).toBe(3);
  });

  it("refuses malformed files with a clear message, and writes nothing", async () => {
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
    const bad = (p: Record<string, unknown>) => JSON.stringify({ ...good, payments: [good.payments[0], { ...good.payments[1], ...p }] });
    await refuse(bad({ amount: 0.001 }), /payments\[1\]\.amount/);
    await refuse(bad({ amount: "1.5" }), /payments\[1\]\.amount must be a whole number of USDC atomic units/);
    await refuse(bad({ amount: "2000", amountUsdc: "0.001012" }), /payments\[1\]\.amountUsdc says 0\.001012 but amount 2000 is 0\.002000 USDC/);
    await refuse(bad({ payer: "me" }), /payments\[1\]\.payer must be an address/);
    await refuse(bad({ status: "paid" }), /payments\[1\]\.status/);
    await refuse(bad({ txHash: "0x12" }), /payments\[1\]\.txHash must be a transaction hash/);
    await refuse(bad({ usage: { promptTokens: -1, completionTokens: 0, totalTokens: 0 } }), /payments\[1\]\.usage\.promptTokens/);
    await refuse(bad({ id: undefined }), /payments\[1\]\.id/);
  });

  it("strips the human amount and unknown fields before storing", () => {
    const [p] = parseHistoryJson(JSON.stringify({ ...toJsonExport([payment()]), payments: [{ ...toJsonExport([payment()]).payments[0], extra: 1 }] }));
    expect(p).not.toHaveProperty("amountUsdc");
    expect(p).not.toHaveProperty("extra");
  });
});
