"use client";
/**
 * The price, shown before anything is signed: the exact amount (all six decimals), the gateway's breakdown, and
 * what the signature pays for. Focus lands on "Pay and send"; Escape cancels.
 */
import { useEffect, useRef } from "react";
import { formatUsdc } from "@/lib/money";
import type { Network } from "@/lib/networks";

export interface PaymentDialogProps {
  amount: bigint;
  breakdown?: Record<string, string>;
  model: string;
  maxTokens: number;
  network: Network;
  payTo: string;
  busy?: string;
  onPay(): void;
  onCancel(): void;
}

export function PaymentDialog(p: PaymentDialogProps) {
  const payRef = useRef<HTMLButtonElement>(null);
  useEffect(() => payRef.current?.focus(), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && !p.busy && p.onCancel();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [p]);
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/40 p-4">
      <div role="dialog" aria-modal="true" aria-labelledby="pay-title" className="w-full max-w-md rounded-xl bg-white p-5 shadow-xl dark:bg-zinc-900">
        <h2 id="pay-title" className="text-lg font-semibold">Confirm payment</h2>
        <p className="mt-1 text-sm text-zinc-500">Your wallet will sign a USDC transfer authorization for exactly this amount.</p>
        <p className="mt-4 font-mono text-3xl font-semibold tabular-nums" data-testid="payment-amount">
          {formatUsdc(p.amount)} <span className="text-base text-zinc-500">USDC</span>
        </p>
        <dl className="mt-4 space-y-1 text-sm">
          {p.breakdown &&
            Object.entries(p.breakdown).map(([k, v]) => (
              <div key={k} className="flex justify-between">
                <dt className="text-zinc-500">{k.replace(/([A-Z])/g, " $1").replace(/^./, (c) => c.toUpperCase())}</dt>
                <dd className="font-mono">{v}</dd>
              </div>
            ))}
          <div className="flex justify-between"><dt className="text-zinc-500">Model</dt><dd className="font-mono">{p.model}</dd></div>
          <div className="flex justify-between">
            <dt className="text-zinc-500">Max tokens</dt>
            <dd className="font-mono" title="The price covers up to this many output tokens; unused ones are not refunded">{p.maxTokens}</dd>
          </div>
          <div className="flex justify-between"><dt className="text-zinc-500">Network</dt><dd>{p.network.name}</dd></div>
          <div className="flex justify-between gap-4">
            <dt className="text-zinc-500">Recipient</dt>
            <dd className="truncate font-mono text-xs leading-5" title={p.payTo}>{p.payTo}</dd>
          </div>
        </dl>
        {p.busy && <p role="status" className="mt-4 text-sm text-sky-700 dark:text-sky-300">{p.busy}</p>}
        <div className="mt-5 flex justify-end gap-2">
          <button type="button" onClick={p.onCancel} disabled={!!p.busy}
            className="rounded-lg px-4 py-2 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:hover:bg-zinc-800">
            Cancel
          </button>
          <button type="button" ref={payRef} onClick={p.onPay} disabled={!!p.busy}
            className="rounded-lg bg-zinc-900 px-4 py-2 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-50 dark:bg-white dark:text-zinc-900">
            Pay and send
          </button>
        </div>
      </div>
    </div>
  );
}
