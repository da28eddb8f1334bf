/** Message queries. A streaming reply is written as it grows, so a reload keeps what arrived. */
import { db as appDb, type ChatDatabase } from "./schema";
import type { StoredMessage } from "./types";

export async function saveMessage(m: StoredMessage, d: ChatDatabase = appDb()) {
  await d.transaction("rw", d.messages, d.conversations, async () => {
    await d.messages.put(m);
    await d.conversations.update(m.conversationId, { updatedAt: Date.now() });
  });
}

/**
 * The person's message and the reply's placeholder, and the conversation's draft cleared: one transaction (joins
 * the caller's, when the caller writes the payment in the same step).
 */
export async function saveExchange(user: StoredMessage, assistant: StoredMessage, d: ChatDatabase = appDb()) {
  await d.transaction("rw", d.messages, d.conversations, async () => {
    await d.messages.bulkPut([user, assistant]);
    await d.conversations.update(user.conversationId, { updatedAt: Date.now(), draft: "" });
  });
}

export async function updateMessage(id: string, changes: Partial<StoredMessage>, d: ChatDatabase = appDb()) {
  await d.messages.update(id, changes);
}

export function listMessages(conversationId: string, d: ChatDatabase = appDb()) {
  return d.messages.where("[conversationId+createdAt]").between([conversationId, -Infinity], [conversationId, Infinity]).toArray();
}

export function deleteMessage(id: string, d: ChatDatabase = appDb()) {
  return d.messages.delete(id);
}

/** On start-up: a reply still marked streaming belongs to a tab that closed; keep its text, say so. */
export async function markInterruptedStreams(d: ChatDatabase = appDb()) {
  await d.messages.where("status").equals("streaming").modify({ status: "interrupted" });
}
