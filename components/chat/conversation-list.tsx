"use client";
/** The sidebar: new chat, every conversation newest first, rename in place, delete (payments are kept). */
import Link from "next/link";
import { useState } from "react";
import type { StoredConversation } from "@/lib/db/types";
import { deleteConversation, renameConversation } from "@/lib/db/conversations";

export function ConversationList({ conversations, activeId, onNew, onDeleted }: {
  conversations: StoredConversation[] | undefined;
  activeId?: string;
  onNew(): void;
  onDeleted(id: string): void;
}) {
  const [editing, setEditing] = useState<string>();
  const [title, setTitle] = useState("");
  return (
    <nav aria-label="Conversations" className="flex h-full flex-col gap-2 p-3">
      <button type="button" onClick={onNew} className="rounded-lg border border-zinc-300 px-3 py-2 text-left text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
        + New chat
      </button>
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
                  className="w-full rounded bg-white px-2 py-1.5 dark:bg-zinc-950"
                />
              </form>
            ) : (
              <Link href={`/c/${c.id}`} aria-current={c.id === activeId ? "page" : undefined} className="min-w-0 flex-1 truncate px-2 py-1.5">
                {c.title}
              </Link>
            )}
            <div className="hidden shrink-0 gap-0.5 pr-1 group-focus-within:flex group-hover:flex">
              <button type="button" aria-label={`Rename ${c.title}`} onClick={() => { setEditing(c.id); setTitle(c.title); }}
                className="rounded px-1 text-xs text-zinc-500 hover:bg-zinc-300 dark:hover:bg-zinc-700">Rename</button>
              <button type="button" aria-label={`Delete ${c.title}`}
                onClick={async () => {
                  if (!confirm(`Delete “${c.title}”? Its messages go; its payments stay in the spend history.`)) return;
                  await deleteConversation(c.id);
                  onDeleted(c.id);
                }}
                className="rounded px-1 text-xs text-zinc-500 hover:bg-zinc-300 dark:hover:bg-zinc-700">Delete</button>
            </div>
          </li>
        ))}
      </ul>
    </nav>
  );
}
