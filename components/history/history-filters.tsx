"use client";
/** Filters of the history: network, model, status, date range, search. Every control has a visible label. */
import type { HistoryFilter, StatusFilter } from "@/lib/history/filter";
import { STATUS_FILTERS } from "@/lib/history/status";
import type { Network } from "@/lib/networks";
import { Button } from "@/components/ui/button";

const field = "mt-1 h-11 sm:h-9 w-full rounded-md border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900";
const labelText = "text-xs font-medium text-muted";

export function HistoryFilters(props: {
  filter: HistoryFilter;
  onChange(f: HistoryFilter): void;
  networks: readonly string[];
  models: readonly string[];
  networkNames: ReadonlyMap<string, Network>;
  /** The filters read the records, which come in after the first view (which holds sums of older payments). */
  ready?: boolean;
}) {
  const { filter: f, onChange } = props;
  const set = (patch: Partial<HistoryFilter>) => onChange({ ...f, ...patch });
  const active = !!(f.networkId || f.model || f.status || f.from || f.to || f.search);
  const waiting = props.ready === false;
  return (
    <form role="search" aria-label="Filter payments" onSubmit={(e) => e.preventDefault()}
      className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-[1fr_1.4fr_1fr_9.5rem_9.5rem_1.6fr_auto] lg:items-end">
      <label className="block">
        <span className={labelText}>Network</span>
        <select className={field} disabled={waiting} value={f.networkId ?? ""} onChange={(e) => set({ networkId: e.target.value || undefined })}>
          <option value="">All networks</option>
          {props.networks.map((n) => (
            <option key={n} value={n}>{props.networkNames.get(n)?.name ?? n}</option>
          ))}
        </select>
      </label>
      <label className="block">
        <span className={labelText}>Model</span>
        <select className={field} disabled={waiting} value={f.model ?? ""} onChange={(e) => set({ model: e.target.value || undefined })}>
          <option value="">All models</option>
          {props.models.map((m) => (
            <option key={m} value={m}>{m}</option>
          ))}
        </select>
      </label>
      <label className="block">
        <span className={labelText}>Status</span>
        <select className={field} disabled={waiting} value={f.status ?? ""} onChange={(e) => set({ status: (e.target.value || undefined) as StatusFilter | undefined })}>
          {STATUS_FILTERS.map((s) => (
            <option key={s.value} value={s.value}>{s.label}</option>
          ))}
        </select>
      </label>
      <label className="block">
        <span className={labelText}>From</span>
        <input type="date" className={field} disabled={waiting} value={f.from ?? ""} max={f.to} onChange={(e) => set({ from: e.target.value || undefined })} />
      </label>
      <label className="block">
        <span className={labelText}>To</span>
        <input type="date" className={field} disabled={waiting} value={f.to ?? ""} min={f.from} onChange={(e) => set({ to: e.target.value || undefined })} />
      </label>
      <label className="block">
        <span className={labelText}>Search</span>
        <input type="search" className={field} value={f.search ?? ""} disabled={waiting}
          placeholder={waiting ? "reading the payments…" : "model, conversation, hash, nonce…"}
          onChange={(e) => set({ search: e.target.value || undefined })} />
      </label>
      <Button variant="ghost" onClick={() => onChange({})} disabled={!active} className="lg:mb-0">
        Clear filters
      </Button>
    </form>
  );
}
