/**
 * Import of a JSON export into this browser. The file as a whole must be an export (size under the cap,
 * JSON, our format and version, its count matching): otherwise nothing is imported and the message names the
 * first problem. Each payment row is then checked on its own: a bad row is named (row number and why) and
 * skipped, the others are imported. The bounds are what keeps a row from breaking a page later: dates a
 * browser can print (2024 up to a day ahead), amounts and token counts a person could have paid, ids and
 * labels of safe characters and lengths. Payments are keyed by id, so importing the same file twice adds
 * nothing.
 */
import { z } from "zod";
import type { StoredPayment } from "../db/types";
import { db as appDb, type ChatDatabase } from "../db/schema";
import { importPayments } from "../db/payments";
import { NETWORK_IDS } from "../networks";
import { formatUsdc } from "../money";
import { HISTORY_FORMAT, HISTORY_VERSION } from "./export";
import { LEGACY_STATUSES, PAYMENT_STATUSES, statusFromLegacy } from "../payments/status";

/** The largest file read: about 10,000 payments as exported (pretty-printed), with room to spare. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** No payment of this app predates 2024. */
export const EARLIEST_PAYMENT_MS = Date.UTC(2024, 0, 1);
/** Clocks differ: a payment may be dated up to a day ahead of this browser's clock, no more. */
export const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;
/** One payment above a trillion USDC is no chat message (10^18 atomic units). */
const MAX_AMOUNT_DIGITS = 18;
const MAX_TOKENS = 100_000_000;
/** How many refused rows the message lists by number; the rest are counted. */
const NAMED_REFUSALS = 5;

const hex = (bytes: number, what: string) =>
  z.string().regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`), `must be ${what} (0x and ${bytes * 2} hex digits)`);
const address = hex(20, "an address");
const atomic = z
  .string()
  .regex(/^\d{1,30}$/, "must be a whole number of USDC atomic units as a string, e.g. \"1012\"")
  .refine((v) => v.replace(/^0+(?=\d)/, "").length <= MAX_AMOUNT_DIGITS, "is more than a trillion USDC: not a chat payment");
const count = z.number().int().nonnegative();
const tokens = count.max(MAX_TOKENS, `must be at most ${MAX_TOKENS.toLocaleString("en")} tokens`);
/** Ids this app makes are UUIDs; other exports may use short ids. Never a path, a URL or markup. */
const id = (what: string) => z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, `must be ${what} (letters, digits, - and _, at most 100)`);
const seconds = z.string().regex(/^\d{1,12}$/, "must be a whole number of seconds");
const label = (max: number) => z.string().max(max).regex(/^[^\u0000-\u001f\u007f]*$/, "must not hold control characters");

const usageSchema = z.object({
  promptTokens: tokens,
  completionTokens: tokens,
  totalTokens: tokens,
  cachedReadTokens: tokens.optional(),
  cacheWriteTokens: tokens.optional(),
  reasoningTokens: tokens.optional(),
});

/** A date in ms since 1970 that this app could have written: from 2024 to a day ahead of `now`. */
function paymentDate(now: number) {
  return z
    .number()
    .int()
    .refine((t) => t >= EARLIEST_PAYMENT_MS, { message: "is before 2024 (no payment of this app is older)" })
    .refine((t) => t <= now + FUTURE_SLACK_MS, { message: "is more than a day in the future" });
}

/** The row schema, dated against `now` (the importing browser's clock). */
export function storedPaymentSchema(now = Date.now()) {
  return z
    .object({
      id: id("an id"),
      createdAt: paymentDate(now),
      updatedAt: paymentDate(now),
      conversationId: id("a conversation id"),
      messageId: id("a message id"),
      networkId: z.enum(NETWORK_IDS as [string, ...string[]]),
      chainId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
      model: label(300).min(1),
      maxTokens: tokens,
      amount: atomic,
      amountUsdc: z.string().optional(),
      asset: address,
      payTo: address,
      payer: address,
      // v1 exports may hold "refused"/"failed", which claimed "not charged" without proof: mapped like the database.
      status: z.enum([...PAYMENT_STATUSES, ...LEGACY_STATUSES]),
      // The gateway's own words (inputCost, outputCost, fee...): a few short entries, shown as labels.
      breakdown: z
        .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, "must be a short name"), label(40))
        .refine((b) => Object.keys(b).length <= 20, "has more than 20 entries")
        .optional(),
      nonce: hex(32, "a 32-byte nonce").optional(),
      validAfter: seconds.optional(),
      validBefore: seconds.optional(),
      txHash: hex(32, "a transaction hash").optional(),
      reason: label(2000).optional(),
      usage: usageSchema.optional(),
    })
    .superRefine((p, ctx) => {
      // (Refinements run even when a field failed: only compare well-formed values.)
      if (p.amountUsdc !== undefined && /^\d{1,30}$/.test(p.amount) && p.amountUsdc !== formatUsdc(BigInt(p.amount))) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["amountUsdc"], message: `says ${p.amountUsdc} but amount ${p.amount} is ${formatUsdc(BigInt(p.amount))} USDC` });
      }
      if (typeof p.createdAt === "number" && typeof p.updatedAt === "number" && p.updatedAt < p.createdAt) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["updatedAt"], message: "is before createdAt" });
      }
    });
}

const exportSchema = z.object({
  format: z.literal(HISTORY_FORMAT, { errorMap: () => ({ message: `is not "${HISTORY_FORMAT}": this is not a BlockRun Chat history export` }) }),
  version: z.literal(HISTORY_VERSION, { errorMap: () => ({ message: `must be ${HISTORY_VERSION} (this app reads version ${HISTORY_VERSION} exports)` }) }),
  exportedAt: z.string().optional(),
  count: count.optional(),
  payments: z.array(z.unknown()),
});

export class HistoryImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HistoryImportError";
  }
}

function issueText(prefix: string, issue: z.ZodIssue): string {
  const path = issue.path.reduce<string>((s, k) => (typeof k === "number" ? `${s}[${k}]` : s ? `${s}.${k}` : String(k)), prefix);
  return `${path || "the file"} ${issue.message}`;
}

/** A row that was not imported: its number in the file (1 = the first payment) and why. */
export interface RefusedRow {
  row: number;
  reason: string;
}

export interface ParsedHistory {
  payments: StoredPayment[];
  refused: RefusedRow[];
}

function mb(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/** Refuses a file over the cap before it is read (the File's size) or parsed (the text's size). */
export function checkImportSize(bytes: number): void {
  if (bytes > MAX_IMPORT_BYTES)
    throw new HistoryImportError(`Not imported: the file is ${mb(bytes)}, more than the ${mb(MAX_IMPORT_BYTES)} an export can be. Nothing was changed.`);
}

/**
 * Parses and validates an export. Throws HistoryImportError (a message meant for the person importing) when
 * the file as a whole is not an export; returns the good rows and the refused ones otherwise.
 */
export function parseHistoryJson(text: string, now = Date.now()): ParsedHistory {
  // UTF-16 length is at least the UTF-8 byte count / 3 and at most the count: check cheaply, then exactly.
  if (text.length > MAX_IMPORT_BYTES) checkImportSize(text.length);
  else if (text.length * 3 > MAX_IMPORT_BYTES) checkImportSize(new TextEncoder().encode(text).byteLength);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new HistoryImportError(`Not imported: the file is not JSON (${(e as Error).message}). Nothing was changed.`);
  }
  const head = exportSchema.safeParse(raw);
  if (!head.success) throw new HistoryImportError(`Not imported: ${issueText("", head.error.issues[0])}. Nothing was changed.`);
  if (head.data.count !== undefined && head.data.count !== head.data.payments.length) {
    throw new HistoryImportError(
      `Not imported: the file says it holds ${head.data.count} payments but holds ${head.data.payments.length} (cut short?). Nothing was changed.`,
    );
  }
  const schema = storedPaymentSchema(now);
  const payments: StoredPayment[] = [];
  const refused: RefusedRow[] = [];
  head.data.payments.forEach((row, i) => {
    const r = schema.safeParse(row);
    if (!r.success) {
      refused.push({ row: i + 1, reason: issueText("", r.error.issues[0]) });
      return;
    }
    const { amountUsdc: _human, ...read } = r.data;
    const stored = { ...read, status: statusFromLegacy(read.status, !!read.nonce) };
    void _human;
    payments.push(stored as StoredPayment);
  });
  return { payments, refused };
}

/** "Row 2 not imported: amount must be …" for the first few, then how many more. */
export function refusedText(refused: readonly RefusedRow[]): string {
  if (refused.length === 0) return "";
  const named = refused.slice(0, NAMED_REFUSALS).map((r) => `Row ${r.row} not imported: ${r.reason}.`);
  const more = refused.length - named.length;
  return [...named, ...(more > 0 ? [`${more} more row${more === 1 ? "" : "s"} not imported.`] : [])].join(" ");
}

export interface ImportResult {
  added: number;
  /** Already in this browser (same id, or same payer and nonce), or repeated in the file. */
  skipped: number;
  /** Rows that failed the checks, by number, with the reason. */
  refused: RefusedRow[];
}

/** Validates, then adds the good payments this browser does not have yet. */
export async function importHistory(text: string, d: ChatDatabase = appDb(), now = Date.now()): Promise<ImportResult> {
  const { payments: rows, refused } = parseHistoryJson(text, now);
  // Repeated inside the file: keep the first.
  const seenIds = new Set<string>();
  const seenAuth = new Set<string>();
  const unique: StoredPayment[] = [];
  for (const r of rows) {
    const auth = r.nonce ? `${r.payer.toLowerCase()}:${r.nonce.toLowerCase()}` : undefined;
    if (seenIds.has(r.id) || (auth && seenAuth.has(auth))) continue;
    seenIds.add(r.id);
    if (auth) seenAuth.add(auth);
    unique.push(r);
  }
  // The same authorization under another id (the unique [payer+nonce] index would refuse it): already here.
  const withNonce = unique.filter((r) => r.nonce);
  const existing = await d.payments.where("[payer+nonce]").anyOf(withNonce.map((r) => [r.payer, r.nonce!])).toArray();
  const byAuth = new Map(existing.map((p) => [`${p.payer.toLowerCase()}:${p.nonce!.toLowerCase()}`, p.id]));
  const fresh = unique.filter((r) => {
    const other = r.nonce ? byAuth.get(`${r.payer.toLowerCase()}:${r.nonce.toLowerCase()}`) : undefined;
    return other === undefined || other === r.id;
  });
  const { added } = await importPayments(fresh, d);
  return { added, skipped: rows.length - added, refused };
}
