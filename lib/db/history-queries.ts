/**
 * Reads for the spend history, kept apart from payments.ts (which writes payments). The rows come in createdAt
 * order straight from the index (one getAll), so the page sorts nothing.
 */
import { db as appDb, type ChatDatabase } from "./schema";
import type { StoredPayment } from "./types";

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
