/**
 * Import of a JSON export into this browser. The file is checked whole before anything is written: a malformed
 * file is refused with a message naming the first problem, and nothing is imported. Payments are keyed by id, so
 * importing the same file twice adds nothing.
 */
import { z } from "zod";
import type { StoredPayment } from "../db/types";
import { db as appDb, type ChatDatabase } from "../db/schema";
import { importPayments } from "../db/payments";
import { NETWORK_IDS } from "../networks";
import { formatUsdc } from "../money";
import { HISTORY_FORMAT, HISTORY_VERSION } from "./export";
import { LEGACY_STATUSES, PAYMENT_STATUSES, statusFromLegacy } from "../payments/status";

const hex = (bytes: number, what: string) =>
  z.string().regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`), `must be ${what} (0x and ${bytes * 2} hex digits)`);
const address = hex(20, "an address");
const atomic = z.string().regex(/^\d{1,30}$/, "must be a whole number of USDC atomic units as a string, e.g. \"1012\"");
const count = z.number().int().nonnegative();

const usageSchema = z.object({
  promptTokens: count,
  completionTokens: count,
  totalTokens: count,
  cachedReadTokens: count.optional(),
  cacheWriteTokens: count.optional(),
  reasoningTokens: count.optional(),
});

export const storedPaymentSchema = z
  .object({
    id: z.string().min(1).max(200),
    createdAt: count,
    updatedAt: count,
    conversationId: z.string().max(200),
    messageId: z.string().max(200),
    networkId: z.enum(NETWORK_IDS as [string, ...string[]]),
    chainId: z.number().int().positive(),
    model: z.string().min(1).max(300),
    maxTokens: count,
    amount: atomic,
    amountUsdc: z.string().optional(),
    asset: address,
    payTo: address,
    payer: address,
    // v1 exports may hold "refused"/"failed", which claimed "not charged" without proof: mapped like the database.
    status: z.enum([...PAYMENT_STATUSES, ...LEGACY_STATUSES]),
    breakdown: z.record(z.string(), z.string()).optional(),
    nonce: hex(32, "a 32-byte nonce").optional(),
    validAfter: z.string().regex(/^\d{1,30}$/, "must be a whole number of seconds").optional(),
    validBefore: z.string().regex(/^\d{1,30}$/, "must be a whole number of seconds").optional(),
    txHash: hex(32, "a transaction hash").optional(),
    reason: z.string().max(2000).optional(),
    usage: usageSchema.optional(),
  })
  .superRefine((p, ctx) => {
    // (Refinements run even when a field failed: only compare a well-formed amount.)
    if (p.amountUsdc !== undefined && /^\d{1,30}$/.test(p.amount) && p.amountUsdc !== formatUsdc(BigInt(p.amount))) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["amountUsdc"], message: `says ${p.amountUsdc} but amount ${p.amount} is ${formatUsdc(BigInt(p.amount))} USDC` });
    }
  });

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

/** Parses and validates an export. Throws HistoryImportError with a message meant for the person importing. */
export function parseHistoryJson(text: string): StoredPayment[] {
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
  const out: StoredPayment[] = [];
  head.data.payments.forEach((row, i) => {
    const r = storedPaymentSchema.safeParse(row);
    if (!r.success) throw new HistoryImportError(`Not imported: ${issueText(`payments[${i}]`, r.error.issues[0])}. Nothing was changed.`);
    const { amountUsdc: _human, ...read } = r.data;
    const stored = { ...read, status: statusFromLegacy(read.status, !!read.nonce) };
    void _human;
    out.push(stored as StoredPayment);
  });
  return out;
}

export interface ImportResult {
  added: number;
  /** Already in this browser (same id, or same payer and nonce), or repeated in the file. */
  skipped: number;
}

/** Validates, then adds the payments this browser does not have yet. */
export async function importHistory(text: string, d: ChatDatabase = appDb()): Promise<ImportResult> {
  const rows = parseHistoryJson(text);
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
  return { added, skipped: rows.length - added };
}
