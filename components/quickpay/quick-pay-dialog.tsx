"use client";
/**
 * Opening a quick pay session: how much goes into it, the most one message may cost, and when it ends. On a
 * mainnet the person confirms in plain words that the amount sits in this browser while the session lasts.
 */
import { useId, useState } from "react";
import type { Network } from "@/lib/networks";
import { formatUsdc, parseUsdc } from "@/lib/money";
import { preloadQuickPayCode } from "@/lib/quickpay/loader";
import { Button } from "@/components/ui/button";
import { LazyDialog } from "@/components/ui/lazy-dialog";
import type { QuickPayNote } from "./use-quick-pay-actions";

const EXPIRIES = [
  { minutes: 15, label: "15 minutes" },
  { minutes: 60, label: "1 hour" },
  { minutes: 240, label: "4 hours" },
  { minutes: 1440, label: "1 day" },
] as const;

const field = "mt-1 block h-11 w-full rounded-md border border-zinc-300 bg-white px-3 font-mono text-sm sm:h-9 dark:border-zinc-700 dark:bg-zinc-950";

function readAmount(v: string): bigint | undefined {
  try {
    return parseUsdc(v);
  } catch {
    return undefined;
  }
}

export function QuickPayDialog(props: {
  open: boolean;
  onOpenChange(open: boolean): void;
  network: Network;
  onStart(o: { amount: bigint; cap: bigint; minutes: number }): Promise<boolean>;
  note?: QuickPayNote;
  busy: boolean;
}) {
  const id = useId();
  const [amount, setAmount] = useState("2");
  const [cap, setCap] = useState("0.05");
  const [minutes, setMinutes] = useState(60);
  const [understood, setUnderstood] = useState(false);
  const mainnet = !props.network.testnet;

  const a = readAmount(amount);
  const c = readAmount(cap);
  const problem =
    a === undefined || a === 0n ? "Enter an amount above 0 USDC (at most 6 decimals)."
      : c === undefined || c === 0n ? "Enter a per-message cap above 0 USDC (at most 6 decimals)."
        : c > a ? "The per-message cap cannot be more than the amount."
          : mainnet && !understood ? "Confirm that you understand where the money sits." : undefined;

  return (
    <LazyDialog
        open={props.open}
        onOpenChange={(o) => !props.busy && props.onOpenChange(o)}
        title="Quick pay"
        closeLabel="Close"
        description="Move a small amount into a spending session in this browser: messages under its cap are then paid without a wallet prompt."
        onOpenAutoFocus={() => preloadQuickPayCode()}
      >
        <form
          className="mt-4 grid gap-4"
          onSubmit={async (e) => {
            e.preventDefault();
            if (problem || a === undefined || c === undefined) return;
            if (await props.onStart({ amount: a, cap: c, minutes })) props.onOpenChange(false);
          }}
        >
          <label className="text-sm font-medium">
            Amount (USDC)
            <input className={field} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} aria-describedby={`${id}-amount`} />
            <span id={`${id}-amount`} className="mt-1 block text-xs font-normal text-muted">Sent from your wallet to the session in one transfer (one wallet prompt).</span>
          </label>
          <label className="text-sm font-medium">
            Per-message cap (USDC)
            <input className={field} inputMode="decimal" value={cap} onChange={(e) => setCap(e.target.value)} aria-describedby={`${id}-cap`} />
            <span id={`${id}-cap`} className="mt-1 block text-xs font-normal text-muted">A message above it is paid by your wallet, with its usual dialog.</span>
          </label>
          <label className="text-sm font-medium">
            Ends after
            <select className={field} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
              {EXPIRIES.map((x) => <option key={x.minutes} value={x.minutes}>{x.label}</option>)}
            </select>
          </label>
          <p className="text-xs text-muted">
            Ending the session returns what is left to your wallet in one step (one wallet prompt). Budgets, the price
            before Send and the spend history work as usual; session payments count as your wallet&apos;s.
          </p>
          {mainnet && (
            <label className="flex items-start gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950/40">
              <input type="checkbox" className="mt-0.5 size-5 shrink-0" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />
              <span>
                I understand that {a !== undefined ? formatUsdc(a) : "this amount of"} USDC of real money will sit in this browser, under a key only
                this browser holds, until I end the session. If I clear this site&apos;s data before ending it, that money is lost.
              </span>
            </label>
          )}
          {(problem || props.note) && (
            <p role={props.note?.tone === "error" ? "alert" : "status"} className={`text-sm ${props.note?.tone === "error" ? "text-red-700 dark:text-red-400" : "text-muted"}`}>
              {props.note?.text ?? problem}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" disabled={props.busy} onClick={() => props.onOpenChange(false)}>Cancel</Button>
            <Button type="submit" disabled={!!problem || props.busy}>{props.busy ? "Waiting…" : "Start quick pay"}</Button>
          </div>
        </form>
    </LazyDialog>
  );
}
