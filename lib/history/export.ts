/**
 * Export of the history: CSV for spreadsheets and JSON for another browser. Amounts are exact: the atomic-unit
 * integer string as stored, plus a human "amountUsdc" with all six decimals ("0.001012"). Never a float.
 */
import type { StoredPayment } from "../db/types";
import { isCharged } from "../db/payments";
import { formatUsdc, parseAtomic } from "../money";

export const HISTORY_FORMAT = "blockrun-chat/payments";
export const HISTORY_VERSION = 1;

export interface HistoryExportV1 {
  format: typeof HISTORY_FORMAT;
  version: typeof HISTORY_VERSION;
  exportedAt: string;
  count: number;
  /** The stored rows, as stored, each with `amountUsdc` beside the exact `amount` for people reading the file. */
  payments: (StoredPayment & { amountUsdc: string })[];
}

function usdcOf(amount: string): string {
  try {
    return formatUsdc(parseAtomic(amount));
  } catch {
    return "";
  }
}

export function toJsonExport(payments: readonly StoredPayment[], now = Date.now()): HistoryExportV1 {
  return {
    format: HISTORY_FORMAT,
    version: HISTORY_VERSION,
    exportedAt: new Date(now).toISOString(),
    count: payments.length,
    payments: payments.map((p) => ({ ...p, amountUsdc: usdcOf(p.amount) })),
  };
}

export function toJsonText(payments: readonly StoredPayment[], now = Date.now()): string {
  return JSON.stringify(toJsonExport(payments, now), null, 2) + "\n";
}

export const CSV_COLUMNS = [
  "id", "createdAt", "networkId", "chainId", "conversationId", "messageId", "model", "status", "charged",
  "amount", "amountUsdc", "asset", "payTo", "payer", "nonce", "validAfter", "validBefore", "txHash",
  "promptTokens", "completionTokens", "totalTokens", "reason",
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Columns whose text comes from elsewhere (the gateway, the model list): guarded against spreadsheet formulas. */
const FREE_TEXT: ReadonlySet<CsvColumn> = new Set(["model", "reason", "conversationId", "messageId", "id"]);

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote, or a line break; quotes doubled. Free text that
 * starts like a formula (= + - @ tab CR) is prefixed with an apostrophe so a spreadsheet shows it, not runs it.
 */
export function csvField(value: string | number | undefined, freeText = false): string {
  let s = value === undefined ? "" : String(value);
  if (freeText && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRecord(p: StoredPayment): Record<CsvColumn, string | number | undefined> {
  return {
    id: p.id,
    createdAt: new Date(p.createdAt).toISOString(),
    networkId: p.networkId,
    chainId: p.chainId,
    conversationId: p.conversationId,
    messageId: p.messageId,
    model: p.model,
    status: p.status,
    charged: isCharged(p) ? "yes" : "no",
    amount: p.amount,
    amountUsdc: usdcOf(p.amount),
    asset: p.asset,
    payTo: p.payTo,
    payer: p.payer,
    nonce: p.nonce,
    validAfter: p.validAfter,
    validBefore: p.validBefore,
    txHash: p.txHash,
    promptTokens: p.usage?.promptTokens,
    completionTokens: p.usage?.completionTokens,
    totalTokens: p.usage?.totalTokens,
    reason: p.reason,
  };
}

/** Header line plus one line per payment, CRLF line ends (RFC 4180), in the order given. */
export function toCsv(payments: readonly StoredPayment[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const p of payments) {
    const r = csvRecord(p);
    lines.push(CSV_COLUMNS.map((c) => csvField(r[c], FREE_TEXT.has(c))).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}

/** A CSV parser for the format above (quoted fields, doubled quotes, line breaks inside quotes). Used by tests. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** "blockrun-chat-history-2026-01-31.csv" */
export function exportFileName(ext: "csv" | "json", now = Date.now()): string {
  const d = new Date(now);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `blockrun-chat-history-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}.${ext}`;
}
