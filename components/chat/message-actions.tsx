"use client";
/**
 * The actions under a message: copy, edit (the person's) or regenerate (a reply), delete, and the "‹ 2 / 3 ›"
 * switcher between versions (edits and regenerated replies are siblings in the conversation's tree).
 */
import { useEffect, useState } from "react";
import type { StoredMessage } from "@/lib/db/types";
import { Button } from "@/components/ui/button";

export type MessageAction = "edit" | "regenerate" | "delete" | "previous" | "next";

const ICONS = {
  copy: "M9 9h10v10H9zM5 15V5h10",
  check: "M5 12l5 5L19 7",
  edit: "M4 20h4L19 9l-4-4L4 16v4zM14 6l4 4",
  regenerate: "M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7",
  delete: "M5 7h14M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3",
} as const;

function Icon({ d }: { d: string }) {
  return (
    <svg aria-hidden viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d={d} />
    </svg>
  );
}

export function MessageActions({ message, versions, disabled, onAction }: {
  message: StoredMessage;
  versions?: { index: number; count: number };
  /** While a send is under way nothing that changes the thread is offered (copy stays). */
  disabled?: boolean;
  onAction(action: MessageAction, message: StoredMessage): void;
}) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(t);
  }, [copied]);
  const noun = message.role === "user" ? "message" : "reply";
  const act = (a: MessageAction) => () => onAction(a, message);
  return (
    <div className={`mt-1 flex flex-wrap items-center gap-0.5 text-xs text-muted ${message.role === "user" ? "justify-end" : ""}`}
      data-testid="message-actions">
      {versions && versions.count > 1 && (
        <div role="group" aria-label={`${noun === "reply" ? "Reply" : "Message"} versions`} className="flex items-center">
          <Button variant="quiet" size="icon" aria-label={`Previous ${noun} version`} title={`Previous ${noun} version`}
            disabled={disabled || versions.index === 0} onClick={act("previous")}>
            <span aria-hidden className="text-base leading-none">‹</span>
          </Button>
          <span className="min-w-10 text-center font-mono tabular-nums" data-testid="version-position">
            {versions.index + 1} / {versions.count}
          </span>
          <Button variant="quiet" size="icon" aria-label={`Next ${noun} version`} title={`Next ${noun} version`}
            disabled={disabled || versions.index === versions.count - 1} onClick={act("next")}>
            <span aria-hidden className="text-base leading-none">›</span>
          </Button>
        </div>
      )}
      <Button variant="quiet" size="icon" aria-label={`Copy ${noun}`} title="Copy"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(message.content);
            setCopied(true);
          } catch {
            setCopied(false);
          }
        }}>
        <Icon d={copied ? ICONS.check : ICONS.copy} />
      </Button>
      <span role="status" className="sr-only">{copied ? "Copied" : ""}</span>
      {message.role === "user" ? (
        <Button variant="quiet" size="icon" aria-label="Edit message" title="Edit and send again" disabled={disabled} onClick={act("edit")}>
          <Icon d={ICONS.edit} />
        </Button>
      ) : (
        <Button variant="quiet" size="icon" aria-label="Regenerate reply" title="Regenerate (a new reply, priced and paid; this one is kept)"
          disabled={disabled} onClick={act("regenerate")}>
          <Icon d={ICONS.regenerate} />
        </Button>
      )}
      <Button variant="quiet" size="icon" aria-label={`Delete ${noun}`} title="Delete" disabled={disabled} onClick={act("delete")}>
        <Icon d={ICONS.delete} />
      </Button>
    </div>
  );
}
