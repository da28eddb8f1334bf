"use client";
/**
 * For the chat's refusal message: raises the limit that refused a payment by exactly what it was over by
 * (the quote guard's `{code, over}`), then lets the caller retry.
 */
import { useState } from "react";
import { useLiveQuery } from "dexie-react-hooks";
import { getSpendSettings, updateSpendSettings } from "@/lib/db/settings";
import { raiseLabel, raiseLimitPatch, type LimitCode } from "@/lib/history/budgets";
import { Button } from "@/components/ui/button";

export function RaiseLimitButton({ code, over, onRaised }: { code: LimitCode; over: bigint; onRaised?(): void }) {
  const settings = useLiveQuery(() => getSpendSettings(), []);
  const [busy, setBusy] = useState(false);
  if (!settings) return null;
  return (
    <Button size="sm" variant="secondary" disabled={busy}
      onClick={async () => {
        setBusy(true);
        try {
          await updateSpendSettings((current) => raiseLimitPatch(current, code, over));
          onRaised?.();
        } finally {
          setBusy(false);
        }
      }}>
      {raiseLabel(settings, code, over)}
    </Button>
  );
}
