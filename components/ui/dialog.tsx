"use client";
/**
 * The app's dialogs and drawers, on Radix Dialog: focus moves in and is trapped, Escape closes, focus returns to
 * where it was, the page behind is inert and does not scroll. Styled here once; every dialog uses these parts.
 */
import * as D from "@radix-ui/react-dialog";
import type { ComponentProps, ReactNode } from "react";
import { Button } from "./button";

export const Dialog = D.Root;
export const DialogTrigger = D.Trigger;
export const DialogClose = D.Close;

const placement = {
  /** Centred, never wider or taller than the screen less a margin (phones included); the body scrolls inside. */
  center:
    "left-1/2 top-1/2 w-[calc(100vw-1.5rem)] max-w-md max-h-[calc(100dvh-1.5rem)] -translate-x-1/2 -translate-y-1/2 rounded-xl",
  /** A drawer from the left edge (the conversation list on phones). */
  left: "inset-y-0 left-0 w-[min(20rem,calc(100vw-3rem))] border-r border-zinc-200 dark:border-zinc-800",
  /** A panel from the right edge (settings). */
  right: "inset-y-0 right-0 w-[min(28rem,100vw)] border-l border-zinc-200 dark:border-zinc-800",
} as const;

export function DialogContent({
  side = "center",
  title,
  description,
  hideTitle = false,
  closeLabel,
  lockScroll = true,
  className = "",
  children,
  ...props
}: Omit<ComponentProps<typeof D.Content>, "title"> & {
  /**
   * Radix's overlay locks the page's scroll with a style sheet and a custom property on <body>: adding and removing
   * them restyles every element of the page (about 10 ms at a long conversation). Where the page itself never
   * scrolls (the chat: only the message list does, and the overlay covers it), a plain overlay does the same job;
   * the payment dialog closes in the middle of the paid request, where that time is the reply's.
   */
  lockScroll?: boolean;
  side?: keyof typeof placement;
  title: ReactNode;
  /** Read out with the title; pass undefined only when the content says it all. */
  description?: ReactNode;
  hideTitle?: boolean;
  /** Adds a close button (first in the dialog, so it takes the focus rather than a text field on a phone). */
  closeLabel?: string;
}) {
  return (
    <D.Portal>
      {lockScroll ? (
        <D.Overlay className="fixed inset-0 z-50 bg-black/50" />
      ) : (
        // Outside the content: a press here closes the dialog as on Radix's overlay (pointer events are back on).
        <div className="pointer-events-auto fixed inset-0 z-50 bg-black/50" />
      )}
      <D.Content
        {...(description === undefined ? { "aria-describedby": undefined } : {})}
        className={`fixed z-50 flex flex-col overflow-y-auto overscroll-contain bg-white p-4 shadow-xl sm:p-5 dark:bg-zinc-900 ${placement[side]} ${className}`}
        {...props}
      >
        {closeLabel && (
          <D.Close asChild>
            <Button variant="quiet" size="icon" aria-label={closeLabel} className="absolute right-2 top-2">
              <span aria-hidden className="text-xl leading-none">×</span>
            </Button>
          </D.Close>
        )}
        <D.Title className={hideTitle ? "sr-only" : `text-lg font-semibold ${closeLabel ? "pr-10" : ""}`}>{title}</D.Title>
        {description !== undefined && <D.Description className="mt-1 text-sm text-muted">{description}</D.Description>}
        {children}
      </D.Content>
    </D.Portal>
  );
}

/** A dialog opened by state, not by a Radix trigger: what ./lazy-dialog.tsx loads on first open. */
export function ControlledDialog({
  open,
  onOpenChange,
  ...content
}: ComponentProps<typeof DialogContent> & { open: boolean; onOpenChange(open: boolean): void }) {
  return (
    <D.Root open={open} onOpenChange={onOpenChange}>
      <DialogContent {...content} />
    </D.Root>
  );
}
