"use client";
/** What one reply cost and used: amount and breakdown, tokens (both label families folded in), timing, transaction. */
import type { StoredMessage, StoredPayment } from "@/lib/db/types";
import { formatUsdc, parseAtomic } from "@/lib/money";
import { PAYMENT_STATUS } from "@/lib/payments/status";
import { explorerTxUrl, type Network } from "@/lib/networks";

function Row({ label, value, title }: { label: string; value: React.ReactNode; title?: string }) {
  return (
    <div className="flex justify-between gap-3" title={title}>
      <dt className="text-muted">{label}</dt>
      <dd className="text-right font-mono tabular-nums">{value}</dd>
    </div>
  );
}

export function UsagePanel({ message, payment, network }: { message: StoredMessage; payment?: StoredPayment; network?: Network }) {
  const u = message.usage;
  const amount = payment ? parseAtomic(payment.amount) : 0n;
  const status = payment ? PAYMENT_STATUS[payment.status] : undefined;
  const expires = payment?.status === "unknown" && payment.validBefore ? new Date(Number(payment.validBefore) * 1000) : undefined;
  const txUrl = payment?.txHash && network ? explorerTxUrl(network, payment.txHash) : undefined;
  return (
    <details className="mt-2 rounded-lg border border-zinc-200 bg-zinc-50/60 text-xs dark:border-zinc-800 dark:bg-zinc-900/50" data-testid="usage-panel">
      <summary className="flex min-h-11 cursor-pointer list-none flex-wrap items-center gap-x-3 gap-y-1 rounded-lg px-3 py-1.5 text-muted sm:min-h-0">
        <span className="font-mono font-medium text-zinc-800 dark:text-zinc-200" data-testid="usage-amount">
          {payment ? `${formatUsdc(amount)} USDC` : message.fallbackModel ? "free fallback, not charged" : "free"}
        </span>
        {status && <span data-testid="usage-status">{status.label}</span>}
        {payment?.sessionId && <span data-testid="usage-quick-pay">Paid from quick pay session</span>}
        {u && <span>{u.totalTokens.toLocaleString()} tokens</span>}
        {message.totalTimeMs !== undefined && <span>{(message.totalTimeMs / 1000).toFixed(2)} s</span>}
        {payment?.txHash && <span className="font-mono" title={payment.txHash}>tx {payment.txHash.slice(0, 10)}…</span>}
        <span className="ml-auto">details</span>
      </summary>
      <dl className="grid gap-x-6 gap-y-1 px-3 pb-3 pt-1 sm:grid-cols-2">
        {payment && (
          <>
            <Row label="Amount" value={`${formatUsdc(amount)} USDC`} />
            <div className="col-span-full flex gap-3">
              <dt className="text-muted">Status</dt>
              <dd className="text-zinc-700 dark:text-zinc-300" data-testid="usage-status-explain">
                {status!.explain}
                {expires && ` The signature can be used until ${expires.toLocaleTimeString()}.`}
              </dd>
            </div>
            {payment.breakdown &&
              Object.entries(payment.breakdown).map(([k, v]) => <Row key={k} label={k.replace(/([A-Z])/g, " $1").toLowerCase()} value={v} />)}
            {payment.reason && <Row label="Reason" value={payment.reason} />}
            {payment.sessionId && (
              <Row label="Paid from" value={`quick pay session ${payment.payer.slice(0, 8)}…, funded by ${payment.fundedBy?.slice(0, 8) ?? "?"}…`}
                title={`Session ${payment.payer}, funded by ${payment.fundedBy ?? "?"}`} />
            )}
          </>
        )}
        <Row label="Model" value={message.model ?? "?"} />
        {message.fallbackModel && <Row label="Answered by" value={message.fallbackModel} />}
        <Row label="Finish reason" value={message.finishReason ?? "?"} />
        {u && (
          <>
            <Row label="Prompt tokens" value={u.promptTokens.toLocaleString()} />
            <Row label="Completion tokens" value={u.completionTokens.toLocaleString()} />
            <Row label="Total tokens" value={u.totalTokens.toLocaleString()} />
            {u.cachedReadTokens !== undefined && <Row label="Cached (read)" value={u.cachedReadTokens.toLocaleString()} />}
            {u.cacheWriteTokens !== undefined && <Row label="Cached (written)" value={u.cacheWriteTokens.toLocaleString()} />}
            {u.reasoningTokens !== undefined && <Row label="Reasoning tokens" value={u.reasoningTokens.toLocaleString()} />}
          </>
        )}
        {message.timeToFirstTokenMs !== undefined && <Row label="First token" value={`${message.timeToFirstTokenMs} ms`} />}
        {message.totalTimeMs !== undefined && <Row label="Total time" value={`${message.totalTimeMs} ms`} />}
        {payment?.txHash && (
          <div className="col-span-full flex justify-between gap-3">
            <dt className="text-muted">Transaction</dt>
            <dd className="truncate font-mono" data-testid="usage-tx">
              {txUrl ? (
                <a href={txUrl} target="_blank" rel="noopener noreferrer" className="text-sky-700 underline dark:text-sky-400">{payment.txHash}</a>
              ) : (
                payment.txHash
              )}
            </dd>
          </div>
        )}
      </dl>
    </details>
  );
}
