/**
 * What the history page shows, from its rows in one pass: the wallets seen, the payer's scope, the filter menus,
 * the rows the filter keeps, and their totals. (Before, five passes over 10,000 rows: scope, filter, menus,
 * totals, payers.)
 */
import type { HistoryRow } from "./rows";
import { rowMatcher, type HistoryFilter } from "./filter";
import { totalsAccumulator, type HistoryTotals } from "./totals";

export interface HistoryView {
  /** Rows of the scope (one payer, or every payer), before the filter. */
  scopedCount: number;
  /** Rows the filter keeps, in the order given (newest first). */
  shown: HistoryRow[];
  /** Distinct values of the scope for the filter menus, sorted. */
  options: { networks: string[]; models: string[] };
  totals: HistoryTotals;
  /** Every payer in the rows, first-seen order, case folded. */
  payers: string[];
}

export function summarizeHistory(
  rows: readonly HistoryRow[],
  o: { payer?: string; filter: HistoryFilter; now?: number; maxDays?: number },
): HistoryView {
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
  return {
    scopedCount,
    shown,
    options: { networks: [...networks].sort(), models: [...models].sort() },
    totals: totals.result(),
    payers: [...payers.values()],
  };
}
