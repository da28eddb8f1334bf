/** Conversation queries. Deleting a conversation deletes its messages but never its payments (money history stays). */
import { db as appDb, type ChatDatabase } from "./schema";
import type { ChatSettings, DraftAttachment, StoredConversation } from "./types";
import type { NetworkId } from "../networks";

export const DEFAULT_SETTINGS: ChatSettings = { systemPrompt: "", maxTokens: 1024 };

export async function createConversation(
  init: { networkId: NetworkId; model: string; settings?: Partial<ChatSettings>; title?: string },
  d: ChatDatabase = appDb(),
): Promise<StoredConversation> {
  const now = Date.now();
  const conversation: StoredConversation = {
    id: crypto.randomUUID(),
    title: init.title ?? "New chat",
    createdAt: now,
    updatedAt: now,
    networkId: init.networkId,
    model: init.model,
    settings: { ...DEFAULT_SETTINGS, ...init.settings },
    draft: "",
  };
  await d.conversations.add(conversation);
  return conversation;
}

export function getConversation(id: string, d: ChatDatabase = appDb()) {
  return d.conversations.get(id);
}

export function listConversations(d: ChatDatabase = appDb()) {
  return d.conversations.orderBy("updatedAt").reverse().toArray();
}

export async function renameConversation(id: string, title: string, d: ChatDatabase = appDb()) {
  const t = title.trim().slice(0, 120);
  if (!t) return;
  await d.conversations.update(id, { title: t, updatedAt: Date.now() });
}

export async function updateConversation(
  id: string,
  changes: Partial<Pick<StoredConversation, "model" | "settings" | "networkId" | "title">>,
  d: ChatDatabase = appDb(),
) {
  await d.conversations.update(id, { ...changes, updatedAt: Date.now() });
}

/** Drafts (text and attached files) are saved as typed (debounced by the caller) and do not reorder the list. */
export async function saveDraft(id: string, draft: string, files: DraftAttachment[] = [], d: ChatDatabase = appDb()) {
  await d.conversations.update(id, { draft, draftFiles: files });
}

export async function deleteConversation(id: string, d: ChatDatabase = appDb()) {
  await d.transaction("rw", d.conversations, d.messages, async () => {
    await d.messages.where("[conversationId+createdAt]").between([id, -Infinity], [id, Infinity]).delete();
    await d.conversations.delete(id);
  });
}

/** A first title from the first message, as chat apps do. */
export function titleFrom(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 48 ? `${line.slice(0, 47)}…` : line || "New chat";
}
