"use client";
/** Totals of the payments shown: today, 7 and 30 days, all time; by model; by conversation. Exact bigint sums. */
import Link from "next/link";
import type { Bucket, HistoryTotals } from "@/lib/history/totals";
import { formatUsdc } from "@/lib/money";

function Card({ label, amount, testId }: { label: string; amount: bigint; testId: string }) {
  return (
    <div className="rounded-xl border border-zinc-200 p-3 dark:border-zinc-800">
      <dt className="text-xs font-medium text-muted">{label}</dt>
      <dd className="mt-1 font-mono text-lg tabular-nums">
        <span data-testid={testId}>{formatUsdc(amount)}</span> <span className="text-xs text-muted">USDC</span>
      </dd>
    </div>
  );
}

export function TotalsCards({ totals }: { totals: HistoryTotals }) {
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" aria-label="Totals">
      <Card label="Today" amount={totals.today} testId="total-today" />
      <Card label="Last 7 days" amount={totals.last7Days} testId="total-7d" />
      <Card label="Last 30 days" amount={totals.last30Days} testId="total-30d" />
      <Card label="All time" amount={totals.all} testId="total-all" />
    </dl>
  );
}

const SHOWN = 8;

function BucketTable(props: { caption: string; keyHeader: string; buckets: Bucket[]; testId: string; render(key: string): React.ReactNode }) {
  const rest = props.buckets.slice(SHOWN);
  const restSum = rest.reduce((t, b) => t + b.amount, 0n);
  return (
    <table className="w-full text-sm" data-testid={props.testId}>
      <caption className="pb-1 text-left text-xs font-medium text-muted">{props.caption}</caption>
      <thead className="sr-only">
        <tr><th scope="col">{props.keyHeader}</th><th scope="col">Payments</th><th scope="col">USDC</th></tr>
      </thead>
      <tbody>
        {props.buckets.length === 0 && (
          <tr><td colSpan={3} className="py-1 text-muted">Nothing charged.</td></tr>
        )}
        {props.buckets.slice(0, SHOWN).map((b) => (
          <tr key={b.key} className="border-t border-zinc-100 dark:border-zinc-900">
            <td className="max-w-0 truncate py-1 pr-2">{props.render(b.key)}</td>
            <td className="w-12 py-1 text-right tabular-nums text-muted">{b.count}</td>
            <td className="w-28 py-1 text-right font-mono tabular-nums">{formatUsdc(b.amount)}</td>
          </tr>
        ))}
        {rest.length > 0 && (
          <tr className="border-t border-zinc-100 text-muted dark:border-zinc-900">
            <td className="py-1">and {rest.length} more</td>
            <td className="py-1 text-right tabular-nums">{rest.reduce((t, b) => t + b.count, 0)}</td>
            <td className="py-1 text-right font-mono tabular-nums">{formatUsdc(restSum)}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

export function TotalsBreakdown({ totals, titles }: { totals: HistoryTotals; titles: ReadonlyMap<string, string> }) {
  const box = "rounded-xl border border-zinc-200 p-3 dark:border-zinc-800";
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <div className={box}>
        <BucketTable caption="By model" keyHeader="Model" buckets={totals.byModel} testId="totals-by-model" render={(k) => k} />
      </div>
      <div className={box}>
        <BucketTable
          caption="By conversation"
          keyHeader="Conversation"
          buckets={totals.byConversation}
          testId="totals-by-conversation"
          render={(k) => (
            <Link href={`/c/${k}`} className="text-sky-700 hover:underline dark:text-sky-400">
              {titles.get(k) ?? `Conversation ${k.slice(0, 8)}`}
            </Link>
          )}
        />
      </div>
    </div>
  );
}
