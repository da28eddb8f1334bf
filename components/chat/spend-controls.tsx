"use client";
/** The limits the person holds: the most one message may cost, and automatic approval below an amount. */
import { useState } from "react";
import { useLiveQuery } from "dexie-react-hooks";
import { getSpendSettings, updateSpendSettings } from "@/lib/db/settings";
import { formatUsdc, parseUsdc } from "@/lib/money";
import { Button } from "@/components/ui/button";

export function SpendControls() {
  // Live: another tab or the Budgets form may change the settings; only the fields being edited are local.
  const stored = useLiveQuery(() => getSpendSettings(), []);
  const [edit, setEdit] = useState<{ cap?: string; auto?: string }>({});
  const [msg, setMsg] = useState<string>();
  if (!stored) return null;
  const cap = edit.cap ?? formatUsdc(stored.perMessageCap);
  const auto = edit.auto ?? (stored.autoApproveUnder !== undefined ? formatUsdc(stored.autoApproveUnder) : "");

  async function save() {
    try {
      // Only these two fields: budgets saved elsewhere are merged, never overwritten.
      await updateSpendSettings({
        perMessageCap: cap.trim() ? parseUsdc(cap) : null,
        autoApproveUnder: auto.trim() ? parseUsdc(auto) : null,
      });
      setEdit({});
      setMsg("Saved.");
    } catch (e) {
      setMsg((e as Error).message);
    }
  }
  return (
    <section aria-label="Spending limits" className="grid gap-3 rounded-xl sm:grid-cols-2 border border-zinc-200 p-3 text-sm dark:border-zinc-800">
      <label className="block">
        <span className="text-muted">Most one message may cost (USDC)</span>
        <input value={cap} onChange={(e) => setEdit((s) => ({ ...s, cap: e.target.value }))} inputMode="decimal"
          className="mt-1 h-11 w-full rounded-lg border border-zinc-300 bg-transparent px-2 font-mono sm:h-9 dark:border-zinc-700" />
      </label>
      <label className="block">
        <span className="text-muted">Approve automatically under (USDC, empty = always ask)</span>
        <input value={auto} onChange={(e) => setEdit((s) => ({ ...s, auto: e.target.value }))} inputMode="decimal"
          className="mt-1 h-11 w-full rounded-lg border border-zinc-300 bg-transparent px-2 font-mono sm:h-9 dark:border-zinc-700" />
      </label>
      <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
        <Button onClick={() => void save()}>Save limits</Button>
        <span className="text-xs text-muted" role="status">{msg ?? "Your wallet still asks you to sign every payment."}</span>
      </div>
    </section>
  );
}
