"use client";
/** The limits the person holds: the most one message may cost, and automatic approval below an amount. */
import { useEffect, useState } from "react";
import { DEFAULT_SPEND_SETTINGS, getSpendSettings, saveSpendSettings, type SpendSettings } from "@/lib/db/settings";
import { formatUsdc, parseUsdc } from "@/lib/money";
import { Button } from "@/components/ui/button";

export function SpendControls() {
  const [s, setS] = useState<SpendSettings>();
  const [cap, setCap] = useState("");
  const [auto, setAuto] = useState("");
  const [msg, setMsg] = useState<string>();
  useEffect(() => {
    void getSpendSettings().then((v) => {
      setS(v);
      setCap(formatUsdc(v.perMessageCap));
      setAuto(v.autoApproveUnder !== undefined ? formatUsdc(v.autoApproveUnder) : "");
    });
  }, []);
  if (!s) return null;
  async function save() {
    try {
      const next: SpendSettings = {
        ...s!,
        perMessageCap: cap.trim() ? parseUsdc(cap) : DEFAULT_SPEND_SETTINGS.perMessageCap,
        autoApproveUnder: auto.trim() ? parseUsdc(auto) : undefined,
      };
      await saveSpendSettings(next);
      setS(next);
      setMsg("Saved.");
    } catch (e) {
      setMsg((e as Error).message);
    }
  }
  return (
    <section aria-label="Spending limits" className="grid gap-3 rounded-xl sm:grid-cols-2 border border-zinc-200 p-3 text-sm dark:border-zinc-800">
      <label className="block">
        <span className="text-muted">Most one message may cost (USDC)</span>
        <input value={cap} onChange={(e) => setCap(e.target.value)} inputMode="decimal"
          className="mt-1 h-11 w-full rounded-lg border border-zinc-300 bg-transparent px-2 font-mono sm:h-9 dark:border-zinc-700" />
      </label>
      <label className="block">
        <span className="text-muted">Approve automatically under (USDC, empty = always ask)</span>
        <input value={auto} onChange={(e) => setAuto(e.target.value)} inputMode="decimal"
          className="mt-1 h-11 w-full rounded-lg border border-zinc-300 bg-transparent px-2 font-mono sm:h-9 dark:border-zinc-700" />
      </label>
      <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
        <Button onClick={() => void save()}>Save limits</Button>
        <span className="text-xs text-muted" role="status">{msg ?? "Your wallet still asks you to sign every payment."}</span>
      </div>
    </section>
  );
}
