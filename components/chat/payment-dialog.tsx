"use client";
/**
 * The price, shown before anything is signed: the exact amount in large type (the one amount the wallet signs),
 * the network it is signed for, the recipient, and the gateway's breakdown as the gateway's own words, checked
 * against that amount (lib/x402/breakdown.ts). A Radix dialog: focus starts on "Pay and send" and stays inside,
 * Escape or Cancel cancels (not while the wallet is busy), focus returns to where it was.
 */
import { useRef } from "react";
import { formatUsdc } from "@/lib/money";
import type { Network } from "@/lib/networks";
import { checkBreakdown, partLabel, type BreakdownCheck } from "@/lib/x402/breakdown";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";

export interface PaymentDialogProps {
  amount: bigint;
  breakdown?: Record<string, string>;
  model: string;
  maxTokens: number;
  /** The network the pending request will be signed for (not necessarily the one selected now). */
  network: Network;
  payTo: string;
  busy?: string;
  /** Who signs: the wallet, or a quick pay session's key (then no wallet prompt follows). */
  signer?: "wallet" | "session";
  onPay(): void;
  onCancel(): void;
}

export function PaymentDialog(p: PaymentDialogProps) {
  const payRef = useRef<HTMLButtonElement>(null);
  // Opened by the send flow, not by a trigger: focus goes back to whatever had it (the composer, or Send).
  const returnTo = useRef<HTMLElement | null>(null);
  const busy = !!p.busy;
  const check = checkBreakdown(p.breakdown, p.amount);
  return (
    <Dialog open onOpenChange={(open) => !open && !busy && p.onCancel()}>
      <DialogContent
        lockScroll={false}
        title="Confirm payment"
        description={p.signer === "session"
          ? "Your quick pay session will sign a USDC transfer authorization for exactly this amount (no wallet prompt)."
          : "Your wallet will sign a USDC transfer authorization for exactly this amount."}
        onOpenAutoFocus={(e) => {
          returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
          e.preventDefault();
          payRef.current?.focus();
        }}
        onCloseAutoFocus={(e) => {
          e.preventDefault();
          if (returnTo.current?.isConnected) returnTo.current.focus();
        }}
        // While the wallet is asked, the dialog stays: the signature is already on its way.
        onEscapeKeyDown={(e) => busy && e.preventDefault()}
        // A stray tap beside the dialog must not cancel a payment: Cancel or Escape do.
        onInteractOutside={(e) => e.preventDefault()}
        data-testid="payment-dialog"
      >
        <p className="mt-4 font-mono text-3xl font-semibold tabular-nums" data-testid="payment-amount">
          {formatUsdc(p.amount)} <span className="text-base text-muted">USDC</span>
        </p>
        <p className="mt-1 text-sm" data-testid="payment-network">
          on <span className="font-medium">{p.network.name}</span>{" "}
          <span className="text-muted">(chain {p.network.chainId})</span>
        </p>
        <dl className="mt-4 space-y-1 text-sm">
          <Row label="Model"><span className="font-mono break-all">{p.model}</span></Row>
          <Row label="Max tokens">
            <span className="font-mono">{p.maxTokens}</span>
          </Row>
          <Row label="Recipient"><span className="font-mono text-xs leading-5 break-all">{p.payTo}</span></Row>
        </dl>
        <p className="mt-1 text-xs text-muted">The price covers up to {p.maxTokens} reply tokens; unused ones are not refunded.</p>
        <Breakdown check={check} amount={p.amount} />
        {p.busy && <p role="status" className="mt-4 text-sm text-sky-800 dark:text-sky-300">{p.busy}</p>}
        <div className="mt-5 flex flex-wrap justify-end gap-2">
          <Button variant="ghost" onClick={p.onCancel} disabled={busy}>Cancel</Button>
          {/* aria-disabled, not disabled, while busy: focus stays on the button instead of falling out of the dialog. */}
          <Button ref={payRef} onClick={() => !busy && p.onPay()} aria-disabled={busy || undefined}
            className={busy ? "opacity-60" : ""}>
            Pay and send
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex justify-between gap-4">
      <dt className="shrink-0 text-muted">{label}</dt>
      <dd className="min-w-0 text-right">{children}</dd>
    </div>
  );
}

/** The gateway's breakdown, quoted as sent, and whether it adds up to the amount signed. */
function Breakdown({ check, amount }: { check: BreakdownCheck; amount: bigint }) {
  if (check.status === "absent") return null;
  return (
    <section aria-labelledby="breakdown-title" className="mt-4 rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-700" data-testid="payment-breakdown">
      <h3 id="breakdown-title" className="text-xs font-medium text-muted">The gateway&rsquo;s breakdown, as it sent it</h3>
      <dl className="mt-1 space-y-0.5">
        {check.parts.map((part) => (
          <div key={part.key} className="flex justify-between gap-4">
            <dt className="text-muted">{partLabel(part.key)}</dt>
            <dd className="min-w-0 font-mono break-all">{part.text}</dd>
          </div>
        ))}
      </dl>
      {check.status === "mismatch" && (
        <p className="mt-2 rounded-md bg-amber-50 px-2 py-1.5 text-amber-900 dark:bg-amber-950 dark:text-amber-100" data-testid="breakdown-mismatch">
          These parts add up to {formatUsdc(check.sum)} USDC, not {formatUsdc(amount)} USDC. Your wallet signs{" "}
          {formatUsdc(amount)} USDC, the amount above, and no more.
        </p>
      )}
      {check.status === "unreadable" && (
        <p className="mt-2 text-muted" data-testid="breakdown-unreadable">
          Some parts ({check.unreadable.join(", ")}) are not amounts, so this breakdown could not be checked against the amount
          above. Your wallet signs {formatUsdc(amount)} USDC.
        </p>
      )}
    </section>
  );
}
