/** Message queries. A streaming reply is written as it grows, so a reload keeps what arrived. */
import { db as appDb, type ChatDatabase } from "./schema";
import type { StoredMessage, StoredPayment } from "./types";
import { buildTree, subtreeIds } from "../chat/thread";

export async function saveMessage(m: StoredMessage, d: ChatDatabase = appDb()) {
  await d.transaction("rw", d.messages, d.conversations, async () => {
    await d.messages.put(m);
    await d.conversations.update(m.conversationId, { updatedAt: Date.now() });
  });
}

/**
 * The person's message (none when regenerating) and the reply's placeholder, the reply made the branch shown, and
 * the conversation's draft cleared unless it was not this message, and a paid reply's payment as signed: one
 * transaction (joins the caller's, if any).
 */
export async function saveExchange(
  x: { user?: StoredMessage; assistant: StoredMessage },
  d: ChatDatabase = appDb(),
  /** `payment`: the paid reply's payment record, written in the same transaction (one wake-up of the live queries). */
  o: { keepDraft?: boolean; payment?: StoredPayment } = {},
) {
  const payment = o.payment;
  await d.transaction("rw", [d.messages, d.conversations, ...(payment ? [d.payments] : [])], async () => {
    await d.messages.bulkPut(x.user ? [x.user, x.assistant] : [x.assistant]);
    await d.conversations.update(x.assistant.conversationId, {
      updatedAt: Date.now(), activeLeafId: x.assistant.id, ...(o.keepDraft ? {} : { draft: "", draftFiles: [] }),
    });
    if (payment) await d.payments.put(payment);
  });
}

export async function updateMessage(id: string, changes: Partial<StoredMessage>, d: ChatDatabase = appDb()) {
  await d.messages.update(id, changes);
}

export function listMessages(conversationId: string, d: ChatDatabase = appDb()) {
  return d.messages.where("[conversationId+createdAt]").between([conversationId, -Infinity], [conversationId, Infinity]).toArray();
}

/**
 * Deletes a message and everything that follows it on any branch (a person's message takes its replies with it),
 * never a payment: the spend history keeps every payment, with its conversation. If the branch shown went with
 * it, the conversation shows the deleted message's parent's newest remaining branch (lib/chat/thread.ts).
 * Returns the ids deleted.
 */
export async function deleteMessageBranch(conversationId: string, id: string, d: ChatDatabase = appDb()) {
  return d.transaction("rw", d.messages, d.conversations, async () => {
    const tree = buildTree(await listMessages(conversationId, d));
    const target = tree.byId.get(id);
    if (!target) return [];
    const ids = subtreeIds(tree, id);
    await d.messages.bulkDelete(ids);
    const c = await d.conversations.get(conversationId);
    if (c?.activeLeafId && ids.includes(c.activeLeafId)) {
      await d.conversations.update(conversationId, { activeLeafId: tree.parentOf(target) ?? undefined });
    }
    return ids;
  });
}

/** Shows another branch (the version switcher): does not reorder the conversation list. */
export async function selectBranch(conversationId: string, leafId: string, d: ChatDatabase = appDb()) {
  await d.conversations.update(conversationId, { activeLeafId: leafId });
}

/** On start-up: a reply still marked streaming belongs to a tab that closed; keep its text, say so. */
export async function markInterruptedStreams(d: ChatDatabase = appDb()) {
  await d.messages.where("status").equals("streaming").modify({ status: "interrupted" });
}
