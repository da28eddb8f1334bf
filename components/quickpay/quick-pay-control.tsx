"use client";
/**
 * Quick pay in the header bar: "Quick pay" opens the session dialog; while a session is on, its balance (read
 * from the chain) and time left, and "End session". When the session has expired, or holds less than its cap,
 * the bar says so and offers to end it.
 */
import dynamic from "next/dynamic";
import { useEffect, useState } from "react";
import { useAccount } from "wagmi";
import { useActiveNetwork } from "@/hooks/use-networks";
import { timeLeftText, useQuickPay } from "@/hooks/use-quick-pay";
import { formatUsdc, formatUsdShort } from "@/lib/money";
import { preloadQuickPayCode } from "@/lib/quickpay/loader";
import { Button } from "@/components/ui/button";
import { useQuickPayActions } from "./use-quick-pay-actions";

// The dialog (its form and Radix) loads when it is first opened.
const QuickPayDialog = dynamic(() => import("@/components/quickpay/quick-pay-dialog").then((m) => m.QuickPayDialog), { ssr: false });

export function quickPaySummary(q: ReturnType<typeof useQuickPay>): { text: string; short: string; low: boolean } | undefined {
  if (!q.session) return undefined;
  const bal = q.balance === undefined ? "…" : formatUsdc(q.balance);
  const low = q.expired || (q.balance !== undefined && q.cap !== undefined && q.balance < q.cap);
  const when = q.session.state === "funding" ? "top-up not confirmed" : timeLeftText(q.msLeft);
  // Between the lg and xl breakpoints the bar is tight: dollars to the cent and the minutes (the exact amount in the title).
  const short = `${q.balance === undefined ? "…" : formatUsdShort(q.balance)} · ${when.replace(" left", "")}`;
  return { text: `${bal} USDC · ${when}`, short, low };
}

export function QuickPayControl() {
  const { address } = useAccount();
  const network = useActiveNetwork();
  const q = useQuickPay(network);
  const actions = useQuickPayActions(network);
  const [open, setOpen] = useState(false);
  // Mounted from the first open on (its code loads then), so closing runs its own unmount and focus return.
  const [dialogAsked, setDialogAsked] = useState(false);
  if (open && !dialogAsked) setDialogAsked(true);
  const resume = actions.resume;
  const pending = q.session?.state === "funding" && q.session.fundTx && !actions.busy ? q.session : undefined;
  useEffect(() => {
    if (pending) void resume(pending);
  }, [pending, resume]);
  if (!address || !network) return null;
  const summary = quickPaySummary(q);

  return (
    <div className="relative flex items-center gap-1.5">
      {q.session && summary ? (
        <>
          <output
            data-testid="quick-pay-status"
            data-session-address={q.session.address}
            aria-label="Quick pay session"
            className={`flex h-8 items-center gap-1 whitespace-nowrap rounded-md px-2 font-mono text-xs tabular-nums ${summary.low ? "bg-amber-100 text-amber-950 dark:bg-amber-900/50 dark:text-amber-100" : "bg-teal-50 text-teal-900 dark:bg-teal-950 dark:text-teal-100"}`}
          >
            <span className="font-sans font-medium max-xl:sr-only">Quick pay</span>{" "}
            <span className="hidden xl:inline">{summary.text}</span>
            <span className="xl:hidden" title={summary.text}>{summary.short}</span>
          </output>
          <Button size="sm" variant={summary.low ? "warning" : "secondary"} disabled={actions.busy} onPointerEnter={preloadQuickPayCode}
            onClick={() => void actions.end(q.session!)}>
            End session
          </Button>
        </>
      ) : (
        <Button size="sm" variant="secondary" onPointerEnter={preloadQuickPayCode} onClick={() => { actions.clearNote(); setOpen(true); }}>
          Quick pay
        </Button>
      )}
      {!open && actions.note && (
        <span role={actions.note.tone === "error" ? "alert" : "status"} data-testid="quick-pay-note"
          className={`absolute right-0 top-full z-30 mt-1 w-max max-w-80 rounded-md px-2 py-1 text-xs shadow ${actions.note.tone === "error" ? "bg-red-700 text-white" : "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"}`}>
          {actions.note.text}
        </span>
      )}
      {dialogAsked && (
        <QuickPayDialog open={open} onOpenChange={setOpen} network={network} onStart={actions.open} note={actions.note} busy={actions.busy} />
      )}
    </div>
  );
}
