"use client";
import { useAccount, useSwitchChain } from "wagmi";
import { useActiveNetwork } from "@/hooks/use-networks";
import { Button } from "@/components/ui/button";

/** One click to put the wallet on the active network; shown only when the two differ. */
export function SwitchChainButton() {
  const { isConnected, chainId } = useAccount();
  const network = useActiveNetwork();
  const { switchChain, isPending, error, reset } = useSwitchChain();
  if (!isConnected || !network || chainId === network.chainId) return null;

  return (
    <div className="flex items-center gap-2">
      <Button
        variant="warning"
        size="sm"
        data-testid="switch-chain"
        disabled={isPending}
        onClick={() => {
          reset();
          switchChain({ chainId: network.chainId });
        }}
      >
        {isPending ? "Switching…" : `Switch to ${network.name}`}
      </Button>
      {error && (
        <span role="alert" className="max-w-48 truncate text-xs text-red-600 dark:text-red-400" title={error.message}>
          {"shortMessage" in error ? (error.shortMessage as string) : error.message}
        </span>
      )}
    </div>
  );
}
