"use client";
/**
 * Every payment, newest first, in a table that stays fast at 10,000 rows: rows have one fixed height and only
 * those in (or near) the scroll window are rendered. ARIA table roles keep it a table for assistive technology.
 */
import { memo, useCallback, useEffect, useRef, useState } from "react";
import Link from "next/link";
import type { HistoryRow } from "@/lib/history/rows";
import type { PaymentCheck } from "@/lib/history/verify";
import { CHECK_LABEL, STATUS_LABEL, type Tone } from "@/lib/history/status";
import { formatUsdc } from "@/lib/money";
import { explorerTxUrl, type Network } from "@/lib/networks";

export const ROW_HEIGHT = 44;
const OVERSCAN = 8;
const MAX_VISIBLE_ROWS = 14;
const COLUMNS = "grid-cols-[11.5rem_minmax(9rem,1.4fr)_minmax(8rem,1fr)_7rem_5rem_9.5rem_9.5rem_6.5rem]";

const TONE: Record<Tone, string> = {
  paid: "bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  pending: "bg-amber-50 text-amber-800 dark:bg-amber-950 dark:text-amber-200",
  none: "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300",
  bad: "bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200",
};

const shortHash = (h: string) => (h.length > 16 ? `${h.slice(0, 8)}…${h.slice(-6)}` : h);

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export interface TableContext {
  networks: ReadonlyMap<string, Network>;
  titles: ReadonlyMap<string, string>;
  checks: ReadonlyMap<string, PaymentCheck>;
  showPayer: boolean;
}

/**
 * `resetKey` changes when the filter does: the table then shows its first rows again. `rowCount` (default
 * rows.length) is how many rows the table has; while the page reads the records, only the first are in `rows`
 * and the others read "Loading…".
 */
export function HistoryTable({ rows, rowCount = rows.length, ctx, resetKey }: { rows: readonly HistoryRow[]; rowCount?: number; ctx: TableContext; resetKey?: unknown }) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const frame = useRef<number | undefined>(undefined);
  const onScroll = useCallback(() => {
    if (frame.current !== undefined) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = undefined;
      setScrollTop(scroller.current?.scrollTop ?? 0);
    });
  }, []);
  useEffect(() => () => { if (frame.current !== undefined) cancelAnimationFrame(frame.current); }, []);

  // A new filter shows its first rows (state reset during render; the DOM's scroll position in the effect).
  const [lastKey, setLastKey] = useState(resetKey);
  if (lastKey !== resetKey) {
    setLastKey(resetKey);
    setScrollTop(0);
  }
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [resetKey]);

  const count = Math.max(rowCount, rows.length);
  const viewport = Math.min(count, MAX_VISIBLE_ROWS) * ROW_HEIGHT;
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + MAX_VISIBLE_ROWS * ROW_HEIGHT) / ROW_HEIGHT) + OVERSCAN);
  const visible = rows.slice(first, last);
  const loading = Math.max(0, last - Math.max(first, rows.length));

  return (
    <div className="overflow-x-auto rounded-xl border border-zinc-200 dark:border-zinc-800">
      <div role="table" aria-label="Payments" aria-rowcount={count + 1} className="min-w-[64rem] text-sm">
        <div role="rowgroup">
          <div role="row" aria-rowindex={1}
            className={`grid ${COLUMNS} gap-3 border-b border-zinc-200 bg-zinc-50 px-3 py-2 text-xs font-medium text-muted dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400`}>
            <span role="columnheader">Time</span>
            <span role="columnheader">Conversation</span>
            <span role="columnheader">Model</span>
            <span role="columnheader" className="text-right">Amount (USDC)</span>
            <span role="columnheader" className="text-right">Tokens</span>
            <span role="columnheader">Status</span>
            <span role="columnheader">Transaction</span>
            <span role="columnheader">Chain check</span>
          </div>
        </div>
        {count === 0 ? (
          <p className="px-3 py-8 text-center text-muted">No payments match.</p>
        ) : (
          <div
            ref={scroller}
            role="rowgroup"
            tabIndex={0}
            aria-label="Payment rows (scroll for more)"
            onScroll={onScroll}
            style={{ height: viewport }}
            className="overflow-y-auto focus-visible:outline-2 focus-visible:outline-teal-600"
            data-testid="history-scroller"
          >
            <div style={{ height: count * ROW_HEIGHT, position: "relative" }}>
              {visible.map((r, i) => (
                <Row key={r.payment.id} row={r} index={first + i} ctx={ctx} check={ctx.checks.get(r.payment.id)} />
              ))}
              {Array.from({ length: loading }, (_, i) => {
                const index = Math.max(first, rows.length) + i;
                return (
                  <div key={`loading-${index}`} role="row" aria-rowindex={index + 2}
                    style={{ position: "absolute", top: index * ROW_HEIGHT, left: 0, right: 0, height: ROW_HEIGHT }}
                    className="flex items-center border-b border-zinc-100 px-3 text-muted dark:border-zinc-900">
                    <span role="cell">Loading…</span>
                  </div>
                );
              })}
            </div>
          </div>
        )}
      </div>
    </div>
  );
}

const Row = memo(function Row({ row, index, ctx, check }: { row: HistoryRow; index: number; ctx: TableContext; check?: PaymentCheck }) {
  const p = row.payment;
  const network = ctx.networks.get(p.networkId);
  const status = STATUS_LABEL[p.status];
  const title = ctx.titles.get(p.conversationId);
  const txUrl = p.txHash && network ? explorerTxUrl(network, p.txHash) : undefined;
  const u = p.usage;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      data-testid="history-row"
      data-payment-id={p.id}
      data-status={p.status}
      style={{ position: "absolute", top: index * ROW_HEIGHT, left: 0, right: 0, height: ROW_HEIGHT }}
      className={`grid ${COLUMNS} items-center gap-3 border-b border-zinc-100 px-3 dark:border-zinc-900`}
    >
      <span role="cell" className="truncate tabular-nums text-muted" title={new Date(p.createdAt).toISOString()}>
        {timeFormat.format(p.createdAt)}
      </span>
      <span role="cell" className="truncate">
        <Link href={`/c/${p.conversationId}`} className="text-sky-700 hover:underline dark:text-sky-400" data-testid="row-conversation" title={p.conversationId}>
          {title ?? `Conversation ${p.conversationId.slice(0, 8)}`}
        </Link>
        {p.sessionId ? (
          <span className="block truncate text-[11px] text-muted" data-testid="row-quick-pay" title={`Paid by session key ${p.payer}, funded by ${p.fundedBy}`}>
            Quick pay session <span className="font-mono">{p.payer.slice(0, 8)}…</span>, funded by <span className="font-mono">{p.fundedBy?.slice(0, 8)}…</span>
          </span>
        ) : ctx.showPayer && <span className="block truncate font-mono text-[11px] text-muted" title={p.payer}>{p.payer}</span>}
      </span>
      <span role="cell" className="truncate" title={`${p.model} on ${network?.name ?? p.networkId}`}>
        {p.model}
        <span className="block truncate text-[11px] text-muted">{network?.name ?? p.networkId}</span>
      </span>
      <span role="cell" data-testid="row-amount"
        className={`text-right font-mono tabular-nums ${row.charged ? "" : "text-muted line-through"}`}
        title={`${p.amount} atomic units${row.charged ? "" : " (not charged)"}`}>
        {formatUsdc(row.amount)}
      </span>
      <span role="cell" data-testid="row-tokens" className="text-right font-mono tabular-nums"
        title={u ? `${u.promptTokens} prompt + ${u.completionTokens} completion` : undefined}>
        {u ? u.totalTokens.toLocaleString() : "–"}
      </span>
      <span role="cell">
        <span data-testid="row-status" className={`inline-block max-w-full truncate rounded px-1.5 py-0.5 text-xs ${TONE[status.tone]}`} title={p.reason}>
          {status.label}
        </span>
      </span>
      <span role="cell" className="truncate font-mono text-xs" data-testid="row-tx">
        {p.txHash ? (
          txUrl ? (
            <a href={txUrl} target="_blank" rel="noopener noreferrer" className="text-sky-700 hover:underline dark:text-sky-400"
              title={p.txHash} data-hash={p.txHash} aria-label={`Transaction ${p.txHash} on ${network?.name} explorer`}>
              {shortHash(p.txHash)}
            </a>
          ) : (
            <span title={p.txHash} data-hash={p.txHash} aria-label={`Transaction ${p.txHash}`}>{shortHash(p.txHash)}</span>
          )
        ) : (
          <span className="text-muted">–</span>
        )}
      </span>
      <span role="cell">
        {check ? (
          <span data-testid="row-verification" data-state={check.state} title={check.detail}
            className={`inline-block rounded px-1.5 py-0.5 text-xs ${TONE[CHECK_LABEL[check.state].tone]}`}>
            {CHECK_LABEL[check.state].label}
          </span>
        ) : (
          <span data-testid="row-verification" data-state="unchecked" className="text-xs text-muted">not checked</span>
        )}
      </span>
    </div>
  );
});
