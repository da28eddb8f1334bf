"use client";
/** The sidebar (a drawer on phones): new chat, every conversation newest first, rename in place, delete (payments are kept). */
import Link from "next/link";
import { useState } from "react";
import type { StoredConversation } from "@/lib/db/types";
import { deleteConversation, renameConversation } from "@/lib/db/conversations";
import { Button } from "@/components/ui/button";

export function ConversationList({ conversations, activeId, onNew, onDeleted, onNavigate }: {
  conversations: StoredConversation[] | undefined;
  activeId?: string;
  onNew(): void;
  onDeleted(id: string): void;
  /** Called when a conversation link is followed (the drawer closes). */
  onNavigate?(): void;
}) {
  const [editing, setEditing] = useState<string>();
  const [title, setTitle] = useState("");
  return (
    <nav aria-label="Conversations" className="flex h-full min-h-0 flex-col gap-2 p-3">
      <Button variant="secondary" onClick={onNew} className="justify-start">
        <span aria-hidden>+</span> New chat
      </Button>
      <ul className="min-h-0 flex-1 space-y-0.5 overflow-y-auto">
        {conversations?.map((c) => (
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
                <span className="truncate">{c.title}</span>
              </Link>
            )}
            {/* Always there on touch screens (no hover); on desktop on hover or keyboard focus. */}
            <div className="flex shrink-0 gap-0.5 pr-1 md:hidden md:group-focus-within:flex md:group-hover:flex">
              <Button variant="quiet" size="icon" aria-label={`Rename ${c.title}`} title="Rename"
                onClick={() => { setEditing(c.id); setTitle(c.title); }}>
                <Icon d="M4 20h4L19 9l-4-4L4 16v4zM14 6l4 4" />
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
