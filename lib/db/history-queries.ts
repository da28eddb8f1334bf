/**
 * Reads for the spend history, kept apart from payments.ts (which writes payments). The rows come newest first
 * straight from the createdAt index: IndexedDB walks the index in order, so the page sorts nothing.
 */
import { db as appDb, type ChatDatabase } from "./schema";
import type { StoredPayment } from "./types";

/** Every payment of every wallet used in this browser, newest first. */
export function listPaymentsNewestFirst(d: ChatDatabase = appDb()): Promise<StoredPayment[]> {
  return d.payments.orderBy("createdAt").reverse().toArray();
}

/** Conversation titles by id, for the payments' rows (only the two fields the page shows are kept). */
export async function conversationTitles(d: ChatDatabase = appDb()): Promise<Map<string, string>> {
  const rows = await d.conversations.toArray();
  return new Map(rows.map((c) => [c.id, c.title]));
}
