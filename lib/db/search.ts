/**
 * Conversation search: by title and by the text of any message (every branch). A scan of the messages table:
 * fine for a personal history of thousands of messages; the caller defers it so typing never waits on it.
 */
import { db as appDb, type ChatDatabase } from "./schema";
import type { StoredConversation } from "./types";

export interface SearchHit {
  conversation: StoredConversation;
  /** The words around the first match in a message, when the title did not match. */
  snippet?: string;
}

const SNIPPET_BEFORE = 30;
const SNIPPET_LENGTH = 90;

export function snippetAround(text: string, at: number, length: number): string {
  const start = Math.max(0, at - SNIPPET_BEFORE);
  const flat = text.slice(start, start + SNIPPET_LENGTH + length).replace(/\s+/g, " ").trim();
  return `${start > 0 ? "…" : ""}${flat}${start + SNIPPET_LENGTH + length < text.length ? "…" : ""}`;
}

/** Matching conversations, most recently updated first. An empty query matches nothing (the caller shows all). */
export async function searchConversations(query: string, d: ChatDatabase = appDb()): Promise<SearchHit[]> {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  return d.transaction("r", d.conversations, d.messages, async () => {
    const conversations = await d.conversations.orderBy("updatedAt").reverse().toArray();
    const snippets = new Map<string, string>();
    await d.messages.each((m) => {
      if (snippets.has(m.conversationId)) return;
      const at = m.content.toLowerCase().indexOf(q);
      if (at >= 0) snippets.set(m.conversationId, snippetAround(m.content, at, q.length));
    });
    return conversations.flatMap((c): SearchHit[] =>
      c.title.toLowerCase().includes(q) ? [{ conversation: c }]
      : snippets.has(c.id) ? [{ conversation: c, snippet: snippets.get(c.id) }]
      : []);
  });
}
