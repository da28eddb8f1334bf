"use client";
import { useAccount } from "wagmi";
import { useActiveNetwork } from "@/hooks/use-networks";
import { useUsdcBalance } from "@/hooks/use-usdc-balance";
import { formatUsdc } from "@/lib/money";

/** The connected account's USDC on the active network, exact to six decimals. */
export function UsdcBalance() {
  const { address } = useAccount();
  const network = useActiveNetwork();
  const { data, isError, isPending } = useUsdcBalance(network, address);
  if (!address || !network) return null;

  const text = isError ? "balance unavailable" : isPending || data === undefined ? "…" : formatUsdc(data);
  return (
    <output
      data-testid="usdc-balance"
      aria-label={`USDC balance on ${network.name}`}
      aria-live="polite"
      title={isError ? `Could not read the balance from ${network.rpcUrl}` : undefined}
      className="flex h-8 items-center gap-1 rounded-md bg-zinc-100 px-2 font-mono text-xs tabular-nums text-zinc-800 dark:bg-zinc-800 dark:text-zinc-100"
    >
      <span data-testid="usdc-balance-amount">{text}</span>
      <span className="text-muted">USDC</span>
    </output>
  );
}
