/**
 * viem chains for the configured networks. Base and Base Sepolia keep viem's definitions (block explorers,
 * contracts) with the table's RPC; the devnet is defined from its deployment values.
 */
import { defineChain, type Chain } from "viem";
import { base, baseSepolia } from "viem/chains";
import type { Network } from "../networks";

export function chainForNetwork(network: Network): Chain {
  const rpcUrls = { default: { http: [network.rpcUrl] } };
  if (network.id === "base") return { ...base, rpcUrls };
  if (network.id === "base-sepolia") return { ...baseSepolia, rpcUrls };
  return defineChain({
    id: network.chainId,
    name: network.name,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls,
    testnet: true,
  });
}

/**
 * One chain per chain id (wagmi cannot hold two): when the devnet runs as chain 84532 beside Base Sepolia,
 * the first configured network wins. Never empty: wagmi needs at least one chain.
 */
export function chainsForNetworks(networks: readonly Network[]): [Chain, ...Chain[]] {
  const seen = new Set<number>();
  const chains: Chain[] = [];
  for (const n of networks) {
    if (seen.has(n.chainId)) continue;
    seen.add(n.chainId);
    chains.push(chainForNetwork(n));
  }
  if (chains.length === 0) chains.push({ ...baseSepolia });
  return chains as [Chain, ...Chain[]];
}
