"use client";
import { memo, type ReactNode } from "react";
import dynamic from "next/dynamic";
import type { StoredMessage } from "@/lib/db/types";
import { useLiveQuery } from "dexie-react-hooks";
import { getPayment } from "@/lib/db/payments";
import type { Network } from "@/lib/networks";

// The Markdown renderer (react-markdown, GFM, highlight.js) loads with the first reply, not with the page.
const Markdown = dynamic(() => import("./markdown").then((m) => m.Markdown), {
  loading: () => <p className="animate-pulse text-muted">…</p>,
});
// The cost panel loads with the first reply that has one (as the Markdown renderer does).
const UsagePanel = dynamic(() => import("./usage-panel").then((m) => m.UsagePanel));
import { MessageActions, type MessageAction } from "./message-actions";
import { splitAttachments } from "@/lib/chat/attachments";
import { useLiveText } from "@/hooks/use-send";

const STATUS_NOTE: Partial<Record<StoredMessage["status"], string>> = {
  stopped: "Stopped.",
  interrupted: "The page closed while this reply was arriving; this is what had arrived.",
};

function MessageItemImpl({ message, network, live, versionIndex, versionCount, busy, onAction, editor }: {
  message: StoredMessage;
  network?: Network;
  /** The reply streaming in: its text comes from the send controller (useLiveText). */
  live?: boolean;
  /** Its place among its versions (siblings in the conversation's tree). */
  versionIndex?: number;
  versionCount?: number;
  /** A send is under way: actions that change the thread wait. */
  busy?: boolean;
  onAction?(action: MessageAction, message: StoredMessage): void;
  /** Shown in place of the person's message while it is edited. */
  editor?: ReactNode;
}) {
  // Each paid message reads its own payment: a payment's change re-renders its panel, not the chat screen. Not
  // while its reply streams (the panel shows after it): the read would sit between the request and its first token.
  const paymentId = message.status === "streaming" ? undefined : message.paymentId;
  const payment = useLiveQuery(() => (paymentId ? getPayment(paymentId) : undefined), [paymentId]);
  const versions = versionCount !== undefined && versionIndex !== undefined ? { index: versionIndex, count: versionCount } : undefined;
  if (message.role === "user") {
    return (
      <div className="flex flex-col items-end" data-testid="message-user">
        {editor ?? (
          <>
            <div className="max-w-[85%] whitespace-pre-wrap break-words [overflow-wrap:anywhere] rounded-2xl bg-zinc-100 px-4 py-2 dark:bg-zinc-800">
              {/* Attached files are folded under their names: the text is in the message (and was priced), not in the way. */}
              {splitAttachments(message.content).map((part, i) =>
                part.kind === "text" ? <p key={i}>{part.text}</p> : (
                  <details key={i} className="my-1 rounded-lg border border-zinc-300 bg-white/60 text-sm dark:border-zinc-700 dark:bg-zinc-900/60" data-testid="message-file">
                    <summary className="flex min-h-11 cursor-pointer items-center px-2 sm:min-h-8">
                      <span className="truncate">File: {part.name}</span>
                    </summary>
                    <pre className="max-h-60 overflow-auto border-t border-zinc-300 p-2 text-xs dark:border-zinc-700" tabIndex={0} aria-label={`Text of ${part.name}`}>{part.text}</pre>
                  </details>
                ))}
            </div>
            {onAction && <MessageActions message={message} versions={versions} disabled={busy} onAction={onAction} />}
          </>
        )}
      </div>
    );
  }
  const streaming = message.status === "streaming";
  return (
    <div data-testid="message-assistant" aria-busy={streaming} className="max-w-none">
      {live ? <LiveReplyText id={message.id} stored={message.content} /> : <ReplyText text={message.content} streaming={streaming} />}
      {STATUS_NOTE[message.status] && <p className="mt-1 text-xs text-muted">{STATUS_NOTE[message.status]}</p>}
      {message.status === "error" && message.error && (
        <p role="alert" className="mt-2 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">{message.error}</p>
      )}
      {!streaming && (message.usage || payment) && <UsagePanel message={message} payment={payment} network={network} />}
      {!streaming && onAction && <MessageActions message={message} versions={versions} disabled={busy} onAction={onAction} />}
    </div>
  );
}

export const MessageItem = memo(MessageItemImpl);

function ReplyText({ text, streaming }: { text: string; streaming: boolean }) {
  return text ? <Markdown text={text} /> : streaming ? <p className="animate-pulse text-muted">…</p> : null;
}

/** The streaming reply: the only component a token re-renders. */
function LiveReplyText({ id, stored }: { id: string; stored: string }) {
  return <ReplyText text={useLiveText(id) ?? stored} streaming />;
}
