"use client";
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import type { StoredMessage } from "@/lib/db/types";
import type { Network } from "@/lib/networks";
import { Button } from "@/components/ui/button";
import { MessageItem } from "./message-item";
import type { MessageAction } from "./message-actions";

/** Within this many pixels of the bottom counts as "at the bottom" (a rounding slack, not a feature). */
const AT_BOTTOM_PX = 24;

/**
 * The conversation: the only part of the chat that scrolls. It follows the newest text (a streaming reply, a
 * Markdown block that loads, a cost panel that appears) while the reader is at the bottom; once they scroll up it
 * stays put and offers "Jump to latest". Sending a message always brings the bottom back.
 *
 * A log region (polite live region): screen readers announce a new message; a reply is aria-busy while it
 * streams, so it is read once, whole, when it ends instead of word by word.
 */
export function MessageList({ messages, network, liveId, versions, busy, onAction, editing }: {
  messages: StoredMessage[];
  network?: Network;
  /** The reply streaming in (its text comes from the send controller, to that message alone). */
  liveId?: string;
  /** Each message's place among its versions (lib/chat/thread.ts siblingsOf). */
  versions?: Map<string, { index: number; count: number }>;
  busy?: boolean;
  onAction?(action: MessageAction, message: StoredMessage): void;
  /** The message being edited and its editor. */
  editing?: { id: string; editor: ReactNode };
}) {
  const scrollerRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const [atBottom, setAtBottom] = useState(true);

  /** Where the list last scrolled itself to. */
  const ownTop = useRef(0);
  const toBottom = useCallback((smooth = false) => {
    const s = scrollerRef.current;
    if (!s) return;
    following.current = true;
    s.scrollTo({ top: s.scrollHeight, behavior: smooth ? "smooth" : "instant" });
    ownTop.current = s.scrollTop;
  }, []);

  // The reader's position decides whether to follow: only a scroll changes it (content growing does not). A scroll
  // event arrives at the next frame: when a reply grew after the list's own scroll to the bottom, it is not at the
  // bottom any more, but the reader did not move up; it keeps following.
  const onScroll = useCallback(() => {
    const s = scrollerRef.current;
    if (!s) return;
    const bottom = s.scrollHeight - s.scrollTop - s.clientHeight <= AT_BOTTOM_PX;
    if (!bottom && following.current && s.scrollTop >= ownTop.current - 1) return;
    following.current = bottom;
    setAtBottom(bottom);
  }, []);

  // Any growth of the content (tokens, a lazily loaded renderer, the cost panel) keeps the bottom in view: tokens
  // re-render only the streaming message, so this observer (not a render of the list) follows them.
  useEffect(() => {
    const content = contentRef.current;
    if (!content) return;
    const ro = new ResizeObserver(() => following.current && toBottom());
    ro.observe(content);
    return () => ro.disconnect();
  }, [toBottom]);

  // After a render, the scroll waits for the next frame (its callbacks run before that frame's layout and paint):
  // scrolling at once reads scrollHeight and forces a layout of the page in the middle of the commit, which on
  // Send (the dialog closing, the messages appearing) is main-thread time the paid request's answer waits behind.
  const frame = useRef(0);
  const followNextFrame = useCallback(() => {
    following.current = true;
    if (!frame.current) frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      if (following.current) toBottom();
    });
  }, [toBottom]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  // Your own new message always brings you to the bottom, even if you had scrolled up.
  const last = messages.at(-1);
  const lastUserId = last?.role === "user" ? last.id : messages.at(-2)?.role === "user" ? messages.at(-2)!.id : undefined;
  useLayoutEffect(() => {
    if (lastUserId) followNextFrame();
  }, [lastUserId, followNextFrame]);
  useLayoutEffect(() => {
    if (following.current) followNextFrame();
  }, [messages.length, followNextFrame]);

  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      <div ref={scrollerRef} onScroll={onScroll} className="min-h-0 flex-1 overflow-y-auto overscroll-contain"
        role="log" aria-live="polite" aria-label="Conversation" tabIndex={0} data-testid="message-list">
        <div ref={contentRef} className="mx-auto flex max-w-3xl flex-col gap-6 px-3 py-6 sm:px-4">
          {messages.map((m) => (
            <MessageItem
              key={m.id}
              message={m}
              network={network}
              live={liveId === m.id && m.status === "streaming"}
              versionIndex={versions?.get(m.id)?.index}
              versionCount={versions?.get(m.id)?.count}
              busy={busy}
              onAction={onAction}
              editor={editing?.id === m.id ? editing.editor : undefined}
            />
          ))}
        </div>
      </div>
      {!atBottom && (
        <Button variant="secondary" size="sm" onClick={() => toBottom(true)}
          className="absolute bottom-3 left-1/2 -translate-x-1/2 rounded-full shadow-md">
          <span aria-hidden>↓</span> Jump to latest
        </Button>
      )}
    </div>
  );
}
