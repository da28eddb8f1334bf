"use client";
/**
 * The message box. It shows what the message as typed will cost (a quote fetched as the person types), so Send
 * opens the payment dialog at once. Enter sends, Shift+Enter adds a line.
 */
import { useEffect, useRef } from "react";
import { formatUsdc } from "@/lib/money";
import { Button } from "@/components/ui/button";

export type PriceLine =
  | { kind: "idle" }
  | { kind: "free" }
  | { kind: "loading" }
  | { kind: "quoted"; amount: bigint; maxTokens: number }
  | { kind: "error"; message: string };

export function Composer(props: {
  value: string;
  onChange(v: string): void;
  onSend(): void;
  onStop(): void;
  streaming: boolean;
  disabled?: boolean;
  disabledReason?: string;
  price: PriceLine;
  /** Who pays, said before Send when a quick pay session is open ("Paid from quick pay session", or why not). */
  paidBy?: string;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 240)}px`;
  }, [props.value]);
  const canSend = !props.disabled && !props.streaming && props.value.trim().length > 0;
  return (
    <form
      className="rounded-2xl border border-zinc-300 bg-white p-2 shadow-sm focus-within:border-teal-700 focus-within:ring-1 focus-within:ring-teal-700 dark:border-zinc-700 dark:bg-zinc-900 dark:focus-within:border-teal-400 dark:focus-within:ring-teal-400"
      onSubmit={(e) => {
        e.preventDefault();
        if (canSend) props.onSend();
      }}
    >
      <label htmlFor="composer" className="sr-only">Message</label>
      <textarea
        id="composer"
        ref={ref}
        rows={1}
        value={props.value}
        placeholder="Message"
        aria-describedby="composer-hint"
        onChange={(e) => props.onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            if (canSend) props.onSend();
          }
        }}
        className="block max-h-60 min-h-11 w-full resize-none bg-transparent px-2 py-2.5 outline-none focus-visible:outline-none sm:min-h-0 sm:py-1.5"
      />
      <span id="composer-hint" className="sr-only">Enter sends, Shift+Enter starts a new line.</span>
      <div className="flex items-center justify-between gap-2 px-1">
        <p className="min-w-0 text-xs text-muted" aria-live="polite" data-testid="composer-price">
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

function PriceText({ price }: { price: PriceLine }) {
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
