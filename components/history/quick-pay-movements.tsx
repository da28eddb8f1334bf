"use client";
/**
 * USDC moved between a wallet and its quick pay sessions (top-ups and returns): shown as movements, never as spend.
 * What a session paid is in the payments above, each marked as paid from the session.
 */
import { useLiveQuery } from "dexie-react-hooks";
import { listMovements } from "@/lib/db/quickpay";
import { formatUsdc, parseAtomic } from "@/lib/money";
import { sameAddress } from "@/lib/history/rows";

export function QuickPayMovements({ wallet }: { wallet?: string }) {
  const all = useLiveQuery(() => listMovements(), []);
  const rows = (all ?? []).filter((m) => !wallet || sameAddress(m.kind === "top_up" ? m.from : m.to, wallet));
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="movements-title" className="space-y-2">
      <h2 id="movements-title" className="text-base font-semibold">Quick pay movements</h2>
      <p className="text-sm text-muted">Your own USDC moved between your wallet and its quick pay sessions. Not spend: not in the totals above.</p>
      <table className="w-full text-sm" data-testid="movements">
        <thead className="text-left text-xs text-muted">
          <tr><th className="py-1 font-medium">When</th><th className="font-medium">Movement</th><th className="text-right font-medium">USDC</th><th className="pl-3 font-medium">Transaction</th></tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr key={m.id} data-testid="movement-row" className="border-t border-zinc-100 dark:border-zinc-900">
              <td className="py-1.5 tabular-nums text-muted">{new Date(m.createdAt).toLocaleString()}</td>
              <td>{m.kind === "top_up" ? "Top-up: wallet → session" : "Return: session → wallet"} <span className="font-mono text-xs text-muted" title={m.kind === "top_up" ? m.to : m.from}>{(m.kind === "top_up" ? m.to : m.from).slice(0, 8)}…</span></td>
              <td className="text-right font-mono tabular-nums" data-testid="movement-amount">{formatUsdc(parseAtomic(m.amount))}</td>
              <td className="truncate pl-3 font-mono text-xs" title={m.txHash}>{m.txHash.slice(0, 10)}…</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
