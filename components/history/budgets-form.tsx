"use client";
/**
 * The budgets the person holds: a daily limit and a per-conversation limit, in USDC (empty = no limit). The quote
 * guard enforces them before anything is signed. Used on the history page (#budgets) and usable from the chat.
 */
import { useEffect, useId, useState } from "react";
import { useLiveQuery } from "dexie-react-hooks";
import { getSpendSettings, updateSpendSettings } from "@/lib/db/settings";
import { startOfLocalDay } from "@/lib/db/payments";
import { spentSinceByWallet } from "@/lib/db/quickpay";
import { budgetInputOf, parseBudgetInput, type BudgetInput } from "@/lib/history/budgets";
import { formatUsdc } from "@/lib/money";
import { Button } from "@/components/ui/button";

const field = "mt-1 h-11 sm:h-9 w-full rounded-md border border-zinc-300 bg-white px-2 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900";

export function BudgetsForm({ payer, compact = false }: { payer?: string; compact?: boolean }) {
  const ids = useId();
  const [message, setMessage] = useState<{ text: string; error?: boolean }>();
  // What is stored, live (the chat's "Raise limit" or another tab may change it), unless the person is editing.
  const stored = useLiveQuery(() => getSpendSettings(), []);
  const [draft, setDraft] = useState<BudgetInput>();
  const input = draft ?? (stored ? budgetInputOf(stored) : undefined);
  const edit = (patch: Partial<BudgetInput>) => input && setDraft({ ...input, ...patch });
  const spentToday = useLiveQuery(() => (payer ? spentSinceByWallet(payer, startOfLocalDay()) : undefined), [payer]);
  useEffect(() => {
    if (message?.text !== "Saved.") return;
    const t = setTimeout(() => setMessage(undefined), 4000);
    return () => clearTimeout(t);
  }, [message]);

  async function save(e: React.FormEvent) {
    e.preventDefault();
    if (!input) return;
    try {
      const limits = parseBudgetInput(input);
      // A merge of these two fields only: the per-message cap and automatic approval are left as stored.
      await updateSpendSettings({ dailyLimit: limits.dailyLimit ?? null, conversationLimit: limits.conversationLimit ?? null });
      setDraft(undefined);
      setMessage({ text: "Saved." });
    } catch (err) {
      setMessage({ text: (err as Error).message, error: true });
    }
  }

  return (
    <form id="budgets" aria-labelledby={`${ids}-title`} onSubmit={save}
      className={`rounded-xl border border-zinc-200 p-3 text-sm dark:border-zinc-800 ${compact ? "" : "space-y-3"}`}>
      <h2 id={`${ids}-title`} className="text-sm font-semibold">Budgets</h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="block">
          <span className="text-xs font-medium text-muted">Daily limit (USDC)</span>
          <input className={field} inputMode="decimal" placeholder="no limit" aria-describedby={`${ids}-daily`}
            value={input?.dailyLimit ?? ""} disabled={!input}
            onChange={(e) => edit({ dailyLimit: e.target.value })} />
          <span id={`${ids}-daily`} className="mt-1 block text-xs text-muted">
            {spentToday !== undefined ? `Spent today by this wallet: ${formatUsdc(spentToday)} USDC.` : "All payments of a local day count."}
          </span>
        </label>
        <label className="block">
          <span className="text-xs font-medium text-muted">Per-conversation limit (USDC)</span>
          <input className={field} inputMode="decimal" placeholder="no limit" aria-describedby={`${ids}-conv`}
            value={input?.conversationLimit ?? ""} disabled={!input}
            onChange={(e) => edit({ conversationLimit: e.target.value })} />
          <span id={`${ids}-conv`} className="mt-1 block text-xs text-muted">What one conversation may cost in all.</span>
        </label>
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={!input}>Save budgets</Button>
        <span role="status" className={`text-xs ${message?.error ? "text-red-700 dark:text-red-400" : "text-muted"}`}>
          {message?.text ?? "Empty means no limit. A payment that would pass a limit is refused before your wallet is asked."}
        </span>
      </div>
    </form>
  );
}
