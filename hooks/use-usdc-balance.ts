"use client";
import { useCallback } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useConfig } from "wagmi";
import type { Address } from "viem";
import type { Network } from "@/lib/networks";
import { balanceOfAbi } from "@/lib/wallet/erc20";

/** Shaped like wagmi's useReadContract key, so anything that refreshes wagmi's balance reads refreshes this too. */
const balanceKey = (network: Network | undefined, owner: Address | undefined) =>
  ["readContract", { chainId: network?.chainId, address: network?.usdc.address, functionName: "balanceOf", args: [owner] }] as const;

/**
 * USDC balance (atomic units) of `address` on `network`, read from the network's RPC and kept fresh by polling.
 * A react-query over wagmi's readContract action, imported when first needed: viem's contract-call code
 * (ABI coding, multicall batching, CCIP reads) is only wanted once a wallet is connected, not in the first load.
 */
export function useUsdcBalance(network: Network | undefined, address: Address | undefined) {
  const config = useConfig();
  return useQuery({
    queryKey: balanceKey(network, address),
    enabled: !!network && !!address,
    queryFn: async () => {
      const { readContract } = await import("wagmi/actions");
      return readContract(config, {
        address: network!.usdc.address,
        abi: balanceOfAbi,
        functionName: "balanceOf",
        args: [address!],
        chainId: network!.chainId,
      });
    },
    // The devnet settles in well under a second; real networks need not be asked that often.
    refetchInterval: network?.id === "devnet" ? 2_000 : 15_000,
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
