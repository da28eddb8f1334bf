"use client";
/**
 * Editing a sent message in place. "Save and send" sends the edited text as a new version of the message (the
 * old one and its replies are kept as the other branch), through the normal send: priced here as typed, then
 * the payment dialog (or, with a quick pay session that covers it, paid from the session, said beside the price).
 * Escape cancels; the edited text stays until the new message is stored.
 */
import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { PriceText, type PriceLine } from "./composer";

export function MessageEditor({ value, onChange, onSave, onCancel, price, paidBy, disabled }: {
  value: string;
  onChange(v: string): void;
  onSave(): void;
  onCancel(): void;
  price: PriceLine;
  /** Who pays, when a quick pay session is open (as the composer says it). */
  paidBy?: string;
  disabled?: boolean;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 320)}px`;
  }, [value]);
  const canSave = !disabled && value.trim().length > 0;
  return (
    <form className="w-full max-w-[85%] rounded-2xl border border-teal-700 bg-white p-2 dark:border-teal-400 dark:bg-zinc-900"
      onSubmit={(e) => {
        e.preventDefault();
        if (canSave) onSave();
      }}>
      <label className="sr-only" htmlFor="message-editor">Edit message</label>
      <textarea id="message-editor" ref={ref} value={value} rows={2}
        aria-describedby="message-editor-hint"
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            onCancel();
          } else if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            if (canSave) onSave();
          }
        }}
        className="block max-h-80 min-h-11 w-full resize-none bg-transparent px-2 py-1.5 outline-none" />
      <span id="message-editor-hint" className="sr-only">
        Sent as a new version of this message; the old one and its replies stay as the other version. Enter sends, Escape cancels.
      </span>
      <div className="flex flex-wrap items-center justify-end gap-2 px-1 pt-1">
        <p className="mr-auto min-w-0 text-xs text-muted" aria-live="polite" data-testid="editor-price"><PriceText price={price} />
          {paidBy && price.kind === "quoted" ? <span data-testid="editor-paid-by"> · {paidBy}</span> : null}</p>
        <Button variant="secondary" size="sm" onClick={onCancel}>Cancel</Button>
        <Button type="submit" size="sm" disabled={!canSave}>Save and send</Button>
      </div>
    </form>
  );
}
