"use client";
import { useCallback } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useReadContract } from "wagmi";
import type { Address } from "viem";
import type { Network } from "@/lib/networks";
import { balanceOfAbi } from "@/lib/wallet/erc20";

/** USDC balance (atomic units) of `address` on `network`, read from the network's RPC and kept fresh by polling. */
export function useUsdcBalance(network: Network | undefined, address: Address | undefined) {
  return useReadContract({
    address: network?.usdc.address,
    abi: balanceOfAbi,
    functionName: "balanceOf",
    args: address ? [address] : undefined,
    chainId: network?.chainId,
    query: {
      enabled: !!network && !!address,
      // The devnet settles in well under a second; real networks need not be asked that often.
      refetchInterval: network?.id === "devnet" ? 2_000 : 15_000,
    },
  });
}

/** Re-reads every USDC balance on screen now (after a payment settles, or the faucet paid out). */
export function useRefreshUsdcBalances(): () => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      queryClient.invalidateQueries({
        predicate: (q) => q.queryKey[0] === "readContract" && (q.queryKey[1] as { functionName?: string } | undefined)?.functionName === "balanceOf",
      }),
    [queryClient],
  );
}
