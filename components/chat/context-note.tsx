"use client";
/**
 * Above the message box: when the history a message carries is most of its price, say so and offer to carry
 * fewer turns; when fewer turns are carried, say so and offer to carry all again (visible and reversible). The
 * composer's price line stays the gateway's 402: this note only explains it.
 */
import { formatUsdc } from "@/lib/money";
import { Button } from "@/components/ui/button";

export function ContextNote({ dominates, carriedMessages, carriedCost, amount, trimmed, onTrim, onCarryAll, onSummarize, summaryReady, onStartWithSummary }: {
  /** The carried history is more than half of the estimated price (and above a small floor). */
  dominates: boolean;
  carriedMessages: number;
  carriedCost?: bigint;
  amount?: bigint;
  /** Set when the conversation carries only its latest turns. */
  trimmed?: { kept: number; total: number };
  onTrim(): void;
  onCarryAll(): void;
  /** Puts the summary request in the message box (sent, priced and paid like any message). */
  onSummarize(): void;
  /** The last reply is the summary asked for: offer the new chat. */
  summaryReady: boolean;
  onStartWithSummary(): void;
}) {
  if (summaryReady) {
    return (
      <div role="status" data-testid="context-note" className="mb-2 flex flex-wrap items-center gap-x-2 gap-y-1 rounded-lg bg-teal-50 py-1 pr-1 pl-3 text-sm text-teal-950 dark:bg-teal-950 dark:text-teal-100">
        <span className="min-w-0 flex-1 py-1">The summary is ready. A new chat can start with it as its only context.</span>
        <Button variant="secondary" size="sm" onClick={onStartWithSummary}>Start new chat with summary</Button>
      </div>
    );
  }
  if (!dominates && !trimmed) return null;
  return (
    <div role="status" data-testid="context-note" className="mb-2 flex flex-wrap items-center gap-x-2 gap-y-1 rounded-lg bg-amber-50 py-1 pr-1 pl-3 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100">
      <span className="min-w-0 flex-1 py-1">
        {dominates && (
          <>
            Most of this price is the {carriedMessages} earlier {carriedMessages === 1 ? "message" : "messages"} this chat carries
            {carriedCost !== undefined && amount !== undefined ? ` (about ${formatUsdc(carriedCost)} of ${formatUsdc(amount)} USDC)` : ""}.{" "}
          </>
        )}
        {trimmed &&
          (trimmed.kept === 0
            ? `Messages carry none of this chat's ${trimmed.total} earlier turns.`
            : `Messages carry the last ${trimmed.kept} of this chat's ${trimmed.total} turns.`)}
      </span>
      {dominates && carriedMessages > 0 && (
        <>
          <Button variant="secondary" size="sm" onClick={onTrim}>Trim oldest turns</Button>
          <Button variant="secondary" size="sm" onClick={onSummarize} title="Asks this model for a summary: a paid message, priced before you send it">
            New chat with summary
          </Button>
        </>
      )}
      {trimmed && (
        <Button variant="secondary" size="sm" onClick={onCarryAll}>Carry all turns</Button>
      )}
    </div>
  );
}
