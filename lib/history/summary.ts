/**
 * What the history page shows, from its rows in one pass: the wallets seen, the payer's scope, the filter menus,
 * the rows the filter keeps, and their totals. (Before, five passes over 10,000 rows: scope, filter, menus,
 * totals, payers.)
 */
import type { HistoryRow } from "./rows";
import { isFiltered, rowMatcher, type HistoryFilter } from "./filter";
import { totalsAccumulator, type HistoryTotals } from "./totals";
import type { PayerTotals } from "./snapshot";

export interface HistoryView {
  /** Rows of the scope (one payer, or every payer), before the filter. */
  scopedCount: number;
  /** Rows the filter keeps, in the order given (newest first). */
  shown: HistoryRow[];
  /** How many payments the filter keeps: `shown` plus the snapshot's (which has no rows). */
  shownCount: number;
  /** Distinct values of the scope for the filter menus, sorted. */
  options: { networks: string[]; models: string[] };
  totals: HistoryTotals;
  /** Every payer in the rows, first-seen order, case folded. */
  payers: string[];
}

/**
 * `base`: payments older than the rows, already summed per payer (the history snapshot, lib/history/snapshot.ts);
 * it has no rows, so it takes no filter. `funders` gives a quick pay session's payer its funding wallet there.
 */
export function summarizeHistory(
  rows: readonly HistoryRow[],
  o: {
    payer?: string;
    filter: HistoryFilter;
    now?: number;
    maxDays?: number;
    base?: readonly PayerTotals[];
    funders?: ReadonlyMap<string, string>;
  },
): HistoryView {
  if (o.base && isFiltered(o.filter)) throw new Error("The history snapshot holds sums, not rows: it cannot be filtered.");
  const scopePayer = o.payer?.toLowerCase();
  const matches = rowMatcher(o.filter);
  const totals = totalsAccumulator({ now: o.now, maxDays: o.maxDays });
  const payers = new Map<string, string>();
  const networks = new Set<string>();
  const models = new Set<string>();
  const shown: HistoryRow[] = [];
  let scopedCount = 0;
  for (const r of rows) {
    const p = r.payment;
    // A quick pay session's payment belongs to the wallet that funded it.
    const owner = p.fundedBy ?? p.payer;
    const folded = owner ? owner.toLowerCase() : "";
    if (folded && !payers.has(folded)) payers.set(folded, owner);
    if (scopePayer && folded !== scopePayer) continue;
    scopedCount++;
    networks.add(p.networkId);
    models.add(p.model);
    if (!matches(r)) continue;
    shown.push(r);
    totals.add(r);
  }
  let shownCount = shown.length;
  // The snapshot's payers, newest first (every one of its payments is older than every row).
  for (const p of [...(o.base ?? [])].sort((a, b) => b.lastAt - a.lastAt)) {
    const owner = o.funders?.get(p.payer.toLowerCase()) ?? p.payer;
    const folded = owner.toLowerCase();
    if (!payers.has(folded)) payers.set(folded, owner);
    if (scopePayer && folded !== scopePayer) continue;
    scopedCount += p.count;
    shownCount += p.count;
    for (const n of p.networks) networks.add(n);
    for (const m of p.seenModels) models.add(m);
    totals.addSnapshot(p);
  }
  return {
    scopedCount,
    shown,
    shownCount,
    options: { networks: [...networks].sort(), models: [...models].sort() },
    totals: totals.result(),
    payers: [...payers.values()],
  };
}
