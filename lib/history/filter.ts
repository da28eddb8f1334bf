/** Filters of the history: network, model, status, date range, and a free-text search. */
import type { PaymentStatus } from "../db/types";
import type { HistoryRow } from "./rows";
import { sameAddress } from "./rows";

/** The statuses a person filters by: "charged" and "not charged" groups, or one stored status. */
export type StatusFilter = "" | "charged" | "not_charged" | PaymentStatus;

export interface HistoryFilter {
  /** Only this payer (the connected wallet); undefined = every wallet used in this browser. */
  payer?: string;
  networkId?: string;
  model?: string;
  status?: StatusFilter;
  /** Local calendar days, inclusive, "YYYY-MM-DD" (what <input type="date"> gives). */
  from?: string;
  to?: string;
  search?: string;
}

export const EMPTY_FILTER: HistoryFilter = {};

function statusMatches(row: HistoryRow, status: StatusFilter | undefined): boolean {
  if (!status) return true;
  if (status === "charged") return row.charged;
  if (status === "not_charged") return !row.charged;
  return row.payment.status === status;
}

/** The filter as one test per row (used by filterRows and by the history's single pass, lib/history/summary.ts). */
export function rowMatcher(f: HistoryFilter): (r: HistoryRow) => boolean {
  const terms = (f.search ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  return (r) => {
    const p = r.payment;
    if (f.payer && !sameAddress(p.fundedBy ?? p.payer, f.payer)) return false;
    if (f.networkId && p.networkId !== f.networkId) return false;
    if (f.model && p.model !== f.model) return false;
    if (!statusMatches(r, f.status)) return false;
    // Day keys are zero-padded, so string comparison is calendar order.
    if (f.from && r.day < f.from) return false;
    if (f.to && r.day > f.to) return false;
    if (terms.length && !terms.every((t) => r.haystack.includes(t))) return false;
    return true;
  };
}

/** Keeps the order of `rows`. Every term of the search must appear (in any field). */
export function filterRows(rows: readonly HistoryRow[], f: HistoryFilter): HistoryRow[] {
  return rows.filter(rowMatcher(f));
}

/** Distinct values for the filter menus, sorted. */
export function filterOptions(rows: readonly HistoryRow[]) {
  const networks = new Set<string>();
  const models = new Set<string>();
  for (const r of rows) {
    networks.add(r.payment.networkId);
    models.add(r.payment.model);
  }
  return { networks: [...networks].sort(), models: [...models].sort() };
}

export function isFiltered(f: HistoryFilter): boolean {
  return !!(f.networkId || f.model || f.status || f.from || f.to || f.search?.trim());
}
