"use client";
import { useState } from "react";
import { useAccount } from "wagmi";
import { useActiveNetwork } from "@/hooks/use-networks";
import { useRefreshUsdcBalances } from "@/hooks/use-usdc-balance";
import { requestTestFunds } from "@/lib/wallet/faucet";
import { Button } from "@/components/ui/button";

/** Devnet only: tops up the connected account from the devnet faucet. */
export function FaucetButton() {
  const { address } = useAccount();
  const network = useActiveNetwork();
  const refresh = useRefreshUsdcBalances();
  const [state, setState] = useState<{ busy: boolean; message?: string; ok?: boolean }>({ busy: false });
  if (!address || network?.id !== "devnet") return null;

  async function fund() {
    setState({ busy: true });
    const result = await requestTestFunds(address!);
    setState({ busy: false, ok: result.ok, message: result.ok ? "Test USDC sent" : result.message });
    await refresh();
  }

  return (
    <div className="flex items-center gap-2">
      <Button variant="secondary" size="sm" onClick={fund} disabled={state.busy} data-testid="faucet">
        {state.busy ? "Funding…" : "Get test USDC"}
      </Button>
      {state.message && (
        <span
          role={state.ok ? "status" : "alert"}
          className={`max-w-56 truncate text-xs ${state.ok ? "text-teal-700 dark:text-teal-400" : "text-red-600 dark:text-red-400"}`}
          title={state.message}
        >
          {state.message}
        </span>
      )}
    </div>
  );
}
