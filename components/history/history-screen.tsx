"use client";
/**
 * The spend history: every payment of the connected wallet (or of every wallet used in this browser), totals and
 * trends, filters, export and import, budgets, and the chain's agreement. Data comes from IndexedDB, live.
 */
import { memo, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import dynamic from "next/dynamic";
import { useLiveQuery } from "dexie-react-hooks";
import { useAccount } from "wagmi";
import { useNetworks } from "@/hooks/use-networks";
import { conversationTitles, listNewestPayments, listPaymentsNewestFirst, readFirstView, saveSnapshot, sessionFunders } from "@/lib/db/history-queries";
import type { StoredPayment } from "@/lib/db/types";
import type { Network } from "@/lib/networks";
import { historyRowFromKey, toHistoryRows, type HistoryRow } from "@/lib/history/rows";
import { isFiltered, type HistoryFilter } from "@/lib/history/filter";
import type { DayPoint } from "@/lib/history/totals";
import { summarizeHistory } from "@/lib/history/summary";
import type { ChainAccess, PaymentCheck } from "@/lib/history/verify";
import { Button } from "@/components/ui/button";
import { HistoryTable, type TableContext } from "./history-table";
import { HistoryFilters } from "./history-filters";
import { TotalsBreakdown, TotalsCards } from "./history-totals";
import { ExportImport } from "./export-import";
import { BudgetsForm } from "./budgets-form";
import { QuickPayMovements } from "./quick-pay-movements";

// recharts loads on this page only, after the table is on screen.
const SpendChart = dynamic(() => import("./spend-chart"), {
  ssr: false,
  loading: () => <div className="h-[200px] animate-pulse rounded-lg bg-zinc-100 dark:bg-zinc-900" />,
});

const CHART_DAYS = 90;
/** Records read for the first view: more than the table shows at once (14 rows) plus its overscan. */
const HEAD_ROWS = 60;

const EMPTY_TITLES: ReadonlyMap<string, string> = new Map();
const NO_ROWS: readonly HistoryRow[] = [];

/** Reading the chain (viem's public client, the settlement checks) loads when a check is first needed. */
const loadChainChecks = () => import("./chain-checks");

/** The chart follows a filter change in a deferred render: the table and totals answer first. */
const DeferredChart = memo(function DeferredChart({ points }: { points: readonly DayPoint[] }) {
  const deferred = useDeferredValue(points);
  // The same element for the same points: the urgent render skips recharts entirely.
  return useMemo(
    () => (deferred.length ? <SpendChart points={deferred} /> : <p className="py-16 text-center text-sm text-muted">Nothing charged yet.</p>),
    [deferred],
  );
});

export function HistoryScreen() {
  const { address } = useAccount();
  const networks = useNetworks();
  const networkMap = useMemo(() => new Map<string, Network>(networks.map((n) => [n.id, n])), [networks]);

  // First view (lib/db/history-queries.ts readFirstView): the sums of older payments (the history snapshot), the
  // index keys of the newer ones, the newest records (the rows in view) and the titles, in one live query; no
  // whole-history read before the page is up.
  const head = useLiveQuery(() => {
    const first = performance.getEntriesByName("history:query").length === 0;
    if (first) performance.mark("history:query");
    return Promise.all([readFirstView(), listNewestPayments(HEAD_ROWS), conversationTitles(), sessionFunders()]).then(([view, newest, titles, funders]) => {
      if (first) performance.mark("history:loaded");
      return { view, newest, titles, funders };
    });
  }, []);
  // A snapshot built or rolled forward by that read is saved here (a live query only reads). Losing the race to a
  // payment's write is fine: the next visit builds it again.
  const toSave = head?.view?.save;
  useEffect(() => {
    if (toSave) saveSnapshot(toSave).catch(() => undefined);
  }, [toSave]);
  // Then every record, once the first view has painted: search, export, verification and rows further down.
  const [wantAll, setWantAll] = useState(false);
  const headIn = head !== undefined;
  useEffect(() => {
    if (!headIn || wantAll) return;
    let t: ReturnType<typeof setTimeout> | undefined;
    const f = requestAnimationFrame(() => (t = setTimeout(() => setWantAll(true), 0)));
    return () => {
      cancelAnimationFrame(f);
      clearTimeout(t);
    };
  }, [headIn, wantAll]);
  const all = useLiveQuery(() => (wantAll ? listPaymentsNewestFirst() : undefined), [wantAll]);
  const titles = head?.titles ?? EMPTY_TITLES;
  const fullRows = useMemo(() => (all ? toHistoryRows(all, titles) : undefined), [all, titles]);
  // Until every record is in: the snapshot's sums and rows from the newer payments' index keys (exact totals and
  // counts, no filter), and the newest records to show.
  const firstView = head?.view;
  const keyRows = useMemo(() => (firstView && head ? firstView.keys.map((k) => historyRowFromKey(k, head.funders)) : undefined), [firstView, head]);
  const base = firstView?.base;
  const headRows = useMemo(() => (head ? toHistoryRows(head.newest, titles) : []), [head, titles]);
  const complete = fullRows !== undefined;
  const rows = fullRows ?? keyRows ?? NO_ROWS;
  const payments = all ?? (keyRows ? head?.newest : undefined);

  const [allWallets, setAllWallets] = useState(false);
  const scopeAll = allWallets || !address;
  const [filter, setFilter] = useState<HistoryFilter>({});
  // Scope, filter menus, shown rows and their totals in one pass (lib/history/summary.ts). The filters wait for the
  // records (the snapshot holds sums, not rows), so until then the filter is empty.
  const view = useMemo(
    () =>
      summarizeHistory(rows, {
        payer: scopeAll ? undefined : address,
        filter: complete ? filter : {},
        maxDays: CHART_DAYS,
        ...(complete ? {} : { base, funders: head?.funders }),
      }),
    [rows, scopeAll, address, filter, complete, base, head?.funders],
  );
  const { options, totals, payers } = view;
  const shown = view.shown;
  // What the table holds: every shown row, or until then the newest records that the scope keeps (the rest of
  // its height reads "Loading…" until the records are in).
  const tableRows = useMemo(() => {
    if (complete) return shown;
    const scope = scopeAll ? undefined : address?.toLowerCase();
    return headRows.filter((r) => !scope || (r.payment.fundedBy ?? r.payment.payer).toLowerCase() === scope);
  }, [complete, shown, headRows, scopeAll, address]);
  const resetKey = useMemo(() => ({ filter, scopeAll }), [filter, scopeAll]);

  const [checks, setChecks] = useState<ReadonlyMap<string, PaymentCheck>>(new Map());
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  const [verifyError, setVerifyError] = useState<string>();
  const access = useRef(new Map<string, ChainAccess>());
  const [chainChecks, setChainChecks] = useState<Awaited<ReturnType<typeof loadChainChecks>>>();

  const accessFor = useCallback(
    (p: StoredPayment, chainAccessFor: (n: Network) => ChainAccess): ChainAccess | string => {
      const n = networkMap.get(p.networkId);
      if (!n) return `${p.networkId} is not one of this app's networks (${networks.map((x) => x.name).join(", ") || "none"}).`;
      let a = access.current.get(n.id);
      if (!a) access.current.set(n.id, (a = chainAccessFor(n)));
      return a;
    },
    [networkMap, networks],
  );

  // Open payments are reconciled app-wide (components/providers/payment-reconciler.tsx), this page included.

  const verify = useCallback(async () => {
    const targets = shown.map((r) => r.payment);
    if (targets.length === 0) return;
    setVerifyError(undefined);
    setProgress({ done: 0, total: targets.length });
    try {
      const mod = await loadChainChecks();
      setChainChecks(mod);
      const { checkPayments, applyChecks, chainAccessFor } = mod;
      const results = await checkPayments(targets, (p) => accessFor(p, chainAccessFor), { onProgress: (done, total) => setProgress({ done, total }) });
      setChecks((prev) => {
        const next = new Map(prev);
        for (const c of results) next.set(c.id, c);
        return next;
      });
      await applyChecks(results);
    } catch (e) {
      setVerifyError(`Verification stopped: ${(e as Error).message}`);
    } finally {
      setProgress(undefined);
    }
  }, [shown, accessFor]);

  // Summary over the shown payments that have been checked.
  const summary = useMemo(() => {
    const checked = shown.filter((r) => checks.has(r.payment.id)).map((r) => r.payment);
    if (checked.length === 0 || !chainChecks) return undefined;
    return { ...chainChecks.summarizeChecks(checked, [...checks.values()]), unchecked: shown.length - checked.length };
  }, [shown, checks, chainChecks]);

  const ctx: TableContext = useMemo(() => ({ networks: networkMap, titles, checks, showPayer: scopeAll && payers.length > 1 }), [networkMap, titles, checks, scopeAll, payers.length]);
  const exportRows = useCallback((): StoredPayment[] => shown.map((r) => r.payment), [shown]);

  // For the benchmark and the tests: the first render with data.
  const ready = payments !== undefined;
  useEffect(() => {
    if (complete && performance.getEntriesByName("history:complete").length === 0) performance.mark("history:complete");
  }, [complete]);
  useEffect(() => {
    if (ready && performance.getEntriesByName("history:ready").length === 0) performance.mark("history:ready");
  }, [ready]);

  return (
    <main className="mx-auto w-full max-w-7xl space-y-5 px-4 py-5" data-testid="history" data-ready={ready ? "true" : "false"}
      data-complete={complete ? "true" : "false"} aria-busy={!complete}>
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Spend history</h1>
          <p className="text-sm text-muted">
            {address && !scopeAll ? (
              <>Payments of <span className="font-mono" title={address}>{address.slice(0, 6)}…{address.slice(-4)}</span>, kept in this browser.</>
            ) : (
              <>Payments of every wallet used in this browser{address ? "" : " (connect a wallet to see only yours)"}.</>
            )}
          </p>
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" role="switch" aria-checked={scopeAll} checked={scopeAll} disabled={!address}
            onChange={(e) => setAllWallets(e.target.checked)} className="size-4 accent-teal-600" />
          Show every wallet used in this browser{payers.length > 1 ? ` (${payers.length})` : ""}
        </label>
      </header>

      {!ready ? (
        <p className="py-12 text-center text-sm text-muted">Loading the history…</p>
      ) : (
        <>
          <section aria-label="Totals" className="space-y-4">
            <TotalsCards totals={totals} />
            <figure className="rounded-xl border border-zinc-200 p-3 dark:border-zinc-800">
              <figcaption className="mb-1 text-xs font-medium text-muted">
                Spend per day{totals.perDay.length >= CHART_DAYS ? ` (last ${CHART_DAYS} days with payments shown)` : ""}
              </figcaption>
              <DeferredChart points={totals.perDay} />
            </figure>
            <TotalsBreakdown totals={totals} titles={titles} />
          </section>

          <section aria-label="Payments" className="space-y-3">
            <HistoryFilters filter={filter} onChange={setFilter} networks={options.networks} models={options.models} networkNames={networkMap}
              ready={complete} />
            <div className="flex flex-wrap items-center justify-between gap-3">
              <p className="text-sm text-muted" data-testid="history-count" aria-live="polite">
                {view.shownCount.toLocaleString()} payment{view.shownCount === 1 ? "" : "s"} shown
                {isFiltered(filter) ? ` of ${view.scopedCount.toLocaleString()}` : ""}; {totals.chargedCount.toLocaleString()} charged,{" "}
                {totals.notChargedCount.toLocaleString()} not charged
              </p>
              <div className="flex flex-wrap items-center gap-2">
                <ExportImport payments={exportRows} exportReady={complete} />
                <Button size="sm" onClick={() => void verify()} disabled={!!progress || view.shownCount === 0 || !complete}>
                  {progress ? `Verifying ${progress.done.toLocaleString()} of ${progress.total.toLocaleString()}…` : "Verify on chain"}
                </Button>
              </div>
            </div>
            {(summary || verifyError) && (
              <div role="status" className="rounded-lg bg-zinc-50 px-3 py-2 text-sm dark:bg-zinc-900">
                {summary && (
                  <p>
                    <span data-testid="history-summary" className="font-medium">{summary.text}</span>
                    {summary.mismatch + summary.notFound > 0 && (
                      <span className="text-red-700 dark:text-red-400">
                        {" "}· {summary.mismatch} mismatch, {summary.notFound} not found
                      </span>
                    )}
                    {summary.pending > 0 && <span className="text-amber-700 dark:text-amber-400"> · {summary.pending} still settling</span>}
                    {summary.unavailable > 0 && <span className="text-amber-700 dark:text-amber-400"> · {summary.unavailable} could not be checked</span>}
                    {summary.unchecked > 0 && <span className="text-muted"> · {summary.unchecked} shown not checked yet</span>}
                  </p>
                )}
                {verifyError && <p className="text-red-700 dark:text-red-400">{verifyError}</p>}
              </div>
            )}
            <HistoryTable rows={tableRows} rowCount={view.shownCount} ctx={ctx} resetKey={resetKey} />
          </section>
        </>
      )}

      <QuickPayMovements wallet={scopeAll ? undefined : address} />
      <BudgetsForm payer={address ?? undefined} />
    </main>
  );
}
