"use client";
/**
 * The sidebar (a drawer on phones): new chat, search (titles and message text), every conversation newest first,
 * rename in place, export as Markdown, delete (payments are kept).
 */
import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { useLiveQuery } from "dexie-react-hooks";
import type { StoredConversation } from "@/lib/db/types";
import { deleteConversation, renameConversation } from "@/lib/db/conversations";
import { searchConversations, type SearchHit } from "@/lib/db/search";
import { Button } from "@/components/ui/button";

/** Downloads the conversation's shown thread as a .md file (the export code loads when asked). */
async function exportMarkdown(id: string) {
  const { loadConversationMarkdown } = await import("@/lib/chat/export-markdown");
  const file = await loadConversationMarkdown(id);
  if (!file) return;
  const url = URL.createObjectURL(new Blob([file.text], { type: "text/markdown;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = file.name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ConversationList({ conversations, activeId, onNew, onDeleted, onNavigate, onShowShortcuts }: {
  conversations: StoredConversation[] | undefined;
  activeId?: string;
  onNew(): void;
  onDeleted(id: string): void;
  /** Called when a conversation link is followed (the drawer closes). */
  onNavigate?(): void;
  onShowShortcuts?(): void;
}) {
  const [editing, setEditing] = useState<string>();
  const [title, setTitle] = useState("");
  const [query, setQuery] = useState("");
  // Typing stays instant: the search runs on the deferred text.
  const deferred = useDeferredValue(query.trim());
  const hits = useLiveQuery(() => (deferred ? searchConversations(deferred) : undefined), [deferred]);
  const shown: SearchHit[] | undefined = deferred ? hits : conversations?.map((c) => ({ conversation: c }));
  return (
    <nav aria-label="Conversations" className="flex h-full min-h-0 flex-col gap-2 p-3">
      <Button variant="secondary" onClick={onNew} className="justify-start" aria-keyshortcuts="Control+Shift+O Meta+Shift+O"
        title="New chat (Ctrl+Shift+O)">
        <span aria-hidden>+</span> New chat
      </Button>
      <div role="search" className="relative">
        <label htmlFor="conversation-search" className="sr-only">Search conversations</label>
        <input id="conversation-search" type="search" value={query} placeholder="Search"
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape" && query) {
              e.preventDefault();
              setQuery("");
            }
          }}
          className="h-11 w-full rounded-md border border-zinc-300 bg-white px-2 text-sm sm:h-9 dark:border-zinc-700 dark:bg-zinc-950" />
      </div>
      {deferred && (
        <p role="status" className="px-1 text-xs text-muted" data-testid="search-count">
          {hits === undefined ? "Searching…" : hits.length === 0 ? `No conversation mentions “${deferred}”.` : `${hits.length} conversation${hits.length === 1 ? "" : "s"} found`}
        </p>
      )}
      <ul className="min-h-0 flex-1 space-y-0.5 overflow-y-auto" aria-label={deferred ? "Search results" : "All conversations"}>
        {shown?.map(({ conversation: c, snippet }) => (
          <li key={c.id} className={`group flex items-center gap-1 rounded-lg text-sm ${c.id === activeId ? "bg-zinc-200 dark:bg-zinc-800" : "hover:bg-zinc-100 dark:hover:bg-zinc-900"}`}>
            {editing === c.id ? (
              <form
                className="flex-1"
                onSubmit={async (e) => {
                  e.preventDefault();
                  await renameConversation(c.id, title);
                  setEditing(undefined);
                }}
              >
                <input
                  autoFocus aria-label="Conversation title" value={title}
                  onChange={(e) => setTitle(e.target.value)}
                  onBlur={async () => { await renameConversation(c.id, title); setEditing(undefined); }}
                  onKeyDown={(e) => e.key === "Escape" && setEditing(undefined)}
                  className="h-11 w-full rounded bg-white px-2 sm:h-8 dark:bg-zinc-950"
                />
              </form>
            ) : (
              <Link href={`/c/${c.id}`} aria-current={c.id === activeId ? "page" : undefined} onClick={onNavigate}
                className="flex min-h-11 min-w-0 flex-1 items-center rounded-lg px-2 sm:min-h-9">
                <span className="min-w-0 py-1">
                  <span className="block truncate">{c.title}</span>
                  {snippet && <span className="block truncate text-xs text-muted" data-testid="search-snippet">{snippet}</span>}
                </span>
              </Link>
            )}
            {/* Always there on touch screens (no hover); on desktop on hover or keyboard focus. */}
            <div className="flex shrink-0 gap-0.5 pr-1 md:hidden md:group-focus-within:flex md:group-hover:flex">
              <Button variant="quiet" size="icon" aria-label={`Rename ${c.title}`} title="Rename"
                onClick={() => { setEditing(c.id); setTitle(c.title); }}>
                <Icon d="M4 20h4L19 9l-4-4L4 16v4zM14 6l4 4" />
              </Button>
              <Button variant="quiet" size="icon" aria-label={`Export ${c.title} as Markdown`} title="Export as Markdown"
                onClick={() => void exportMarkdown(c.id)}>
                <Icon d="M12 4v11M7 10l5 5 5-5M5 20h14" />
              </Button>
              <Button variant="quiet" size="icon" aria-label={`Delete ${c.title}`} title="Delete"
                onClick={async () => {
                  if (!confirm(`Delete “${c.title}”? Its messages go; its payments stay in the spend history.`)) return;
                  await deleteConversation(c.id);
                  onDeleted(c.id);
                }}>
                <Icon d="M5 7h14M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" />
              </Button>
            </div>
          </li>
        ))}
      </ul>
      {onShowShortcuts && (
        <Button variant="quiet" size="sm" onClick={onShowShortcuts} className="justify-start">
          Keyboard shortcuts
        </Button>
      )}
    </nav>
  );
}

function Icon({ d }: { d: string }) {
  return (
    <svg aria-hidden viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d={d} />
    </svg>
  );
}
