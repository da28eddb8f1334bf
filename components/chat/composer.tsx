"use client";
/**
 * The message box. It shows what the message as typed will cost (a quote fetched as the person types), so Send
 * opens the payment dialog at once. Enter sends, Shift+Enter adds a line. Attached text files go into the
 * message (lib/chat/attachments.ts), so the price shown includes them.
 */
import { useEffect, useRef, useState, type RefObject } from "react";
import { formatUsdc } from "@/lib/money";
import type { DraftAttachment } from "@/lib/db/types";
import { ATTACH_ACCEPT, MAX_ATTACHMENTS, readTextFile } from "@/lib/chat/attachments";
import { Button } from "@/components/ui/button";

const FIELD_SIZING = typeof CSS !== "undefined" && CSS.supports("field-sizing", "content");

export type PriceLine =
  | { kind: "idle" }
  | { kind: "free" }
  | { kind: "loading" }
  | { kind: "quoted"; amount: bigint; maxTokens: number }
  | { kind: "error"; message: string };

export function Composer(props: {
  value: string;
  onChange(v: string): void;
  files: DraftAttachment[];
  onFilesChange(files: DraftAttachment[]): void;
  onSend(): void;
  onStop(): void;
  streaming: boolean;
  disabled?: boolean;
  disabledReason?: string;
  price: PriceLine;
  /** The message box, for the "focus the message box" shortcut. */
  inputRef?: RefObject<HTMLTextAreaElement | null>;
  /** Who pays, said before Send when a quick pay session is open ("Paid from quick pay session", or why not). */
  paidBy?: string;
}) {
  const local = useRef<HTMLTextAreaElement>(null);
  const ref = props.inputRef ?? local;
  // The box grows with its text. CSS does it where it can (field-sizing, below): reading scrollHeight here forces
  // a layout of the whole page, which on Send (the box clears while the dialog closes and the messages appear)
  // cost about 9 ms of main thread in the middle of the paid request. Elsewhere, an empty box needs no reading.
  useEffect(() => {
    const el = ref.current;
    if (!el || FIELD_SIZING) return;
    el.style.height = "auto";
    if (props.value) el.style.height = `${Math.min(el.scrollHeight, 240)}px`;
  }, [props.value, ref]);
  const fileInput = useRef<HTMLInputElement>(null);
  const [fileError, setFileError] = useState<string>();
  const canSend = !props.disabled && !props.streaming && (props.value.trim().length > 0 || props.files.length > 0);

  async function attach(list: FileList | null) {
    if (!list?.length) return;
    const next = [...props.files];
    const errors: string[] = [];
    for (const f of Array.from(list)) {
      if (next.length >= MAX_ATTACHMENTS) {
        errors.push(`At most ${MAX_ATTACHMENTS} files can be attached to one message; “${f.name}” was not attached.`);
        continue;
      }
      const r = await readTextFile(f);
      if (r.ok) next.push(r.file);
      else errors.push(r.message);
    }
    setFileError(errors.join(" ") || undefined);
    if (next.length !== props.files.length) props.onFilesChange(next);
    ref.current?.focus();
  }

  return (
    <form
      className="rounded-2xl border border-zinc-300 bg-white p-2 shadow-sm focus-within:border-teal-700 focus-within:ring-1 focus-within:ring-teal-700 dark:border-zinc-700 dark:bg-zinc-900 dark:focus-within:border-teal-400 dark:focus-within:ring-teal-400"
      onSubmit={(e) => {
        e.preventDefault();
        if (canSend) props.onSend();
      }}
    >
      {props.files.length > 0 && (
        <ul aria-label="Attached files" className="mb-1 flex flex-wrap gap-1.5 px-1">
          {props.files.map((f, i) => (
            <li key={`${f.name}-${i}`} className="flex items-center gap-1 rounded-full border border-zinc-300 bg-zinc-50 py-0.5 pl-3 pr-0.5 text-xs dark:border-zinc-700 dark:bg-zinc-800" data-testid="attachment-chip">
              <span className="max-w-48 truncate" title={f.name}>{f.name}</span>
              <span className="text-muted">{Math.max(1, Math.round(new Blob([f.text]).size / 1000))} kB</span>
              <Button variant="quiet" size="icon" className="size-11 rounded-full sm:size-7" aria-label={`Remove ${f.name}`}
                onClick={() => props.onFilesChange(props.files.filter((_, j) => j !== i))}>
                <span aria-hidden>×</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      {fileError && (
        <p role="alert" className="mb-1 flex items-start gap-1 rounded-lg bg-red-50 py-1 pl-3 pr-1 text-xs text-red-800 dark:bg-red-950 dark:text-red-200" data-testid="attach-error">
          <span className="flex-1 py-1">{fileError}</span>
          <Button variant="quiet" size="icon" className="size-11 sm:size-7" aria-label="Dismiss" onClick={() => setFileError(undefined)}><span aria-hidden>×</span></Button>
        </p>
      )}
      <label htmlFor="composer" className="sr-only">Message</label>
      <textarea
        id="composer"
        ref={ref}
        rows={1}
        value={props.value}
        placeholder="Message"
        aria-describedby="composer-hint"
        aria-keyshortcuts="Shift+Escape /"
        onChange={(e) => props.onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            if (canSend) props.onSend();
          }
        }}
        className="block max-h-60 min-h-11 w-full resize-none bg-transparent px-2 py-2.5 outline-none [field-sizing:content] focus-visible:outline-none sm:min-h-0 sm:py-1.5"
      />
      <span id="composer-hint" className="sr-only">Enter sends, Shift+Enter starts a new line; Shift+Escape or / comes back to this box.</span>
      <div className="flex items-center justify-between gap-2 px-1">
        <input ref={fileInput} type="file" multiple accept={ATTACH_ACCEPT} className="hidden" tabIndex={-1} aria-hidden
          data-testid="attach-input"
          onChange={(e) => {
            void attach(e.target.files);
            e.target.value = "";
          }} />
        <Button variant="quiet" size="icon" aria-label="Attach text file" title="Attach text file (up to 200 kB; its text is sent and priced)"
          disabled={props.disabled || props.streaming} onClick={() => fileInput.current?.click()}>
          <svg aria-hidden viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
            <path d="M21 11l-8.5 8.5a5 5 0 0 1-7-7L14 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7" />
          </svg>
        </Button>
        <p className="mr-auto min-w-0 text-xs text-muted" aria-live="polite" data-testid="composer-price">
          <PriceText price={props.price} />
          {props.paidBy && props.price.kind === "quoted" ? <span data-testid="composer-paid-by"> · {props.paidBy}</span> : null}
          {props.disabled && props.disabledReason ? <span className="ml-2 text-amber-800 dark:text-amber-400">{props.disabledReason}</span> : null}
        </p>
        {props.streaming ? (
          <Button variant="secondary" onClick={props.onStop}>Stop</Button>
        ) : (
          <Button type="submit" disabled={!canSend}>Send</Button>
        )}
      </div>
    </form>
  );
}

export function PriceText({ price }: { price: PriceLine }) {
  switch (price.kind) {
    case "free":
      return <>Free model: no payment</>;
    case "loading":
      return <>Getting the price…</>;
    case "quoted":
      return (
        <>
          This message costs <span className="font-mono text-zinc-900 dark:text-zinc-100">{formatUsdc(price.amount)} USDC</span>{" "}
          (covers up to {price.maxTokens} reply tokens)
        </>
      );
    case "error":
      return <span className="text-red-700 dark:text-red-400">{price.message}</span>;
    default:
      return null;
  }
}
