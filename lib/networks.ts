/**
 * The one table of networks. An address, a chain id or a gateway URL is written here once; the devnet's come
 * from its deployment file (see lib/server/app-config.ts). The quote guard trusts this table, never the 402,
 * for asset, EIP-712 domain, chain and recipient.
 *
 * Everything here is plain data so the server can hand the configured networks to the browser as props.
 */
import type { Address } from "viem";

export type NetworkId = "devnet" | "base" | "base-sepolia";

export interface UsdcToken {
  address: Address;
  /** EIP-712 domain name and version of the token (USDC's transferWithAuthorization). */
  name: string;
  version: string;
  decimals: 6;
}

export interface Network {
  id: NetworkId;
  name: string;
  chainId: number;
  /** CAIP-2 id as x402 v2 names networks: "eip155:8453". */
  caip2: `eip155:${number}`;
  /** Public JSON-RPC for reads (balances, settlement checks). */
  rpcUrl: string;
  /** The BlockRun gateway base, e.g. https://blockrun.ai/api. Only the server route talks to it. */
  gatewayUrl: string;
  usdc: UsdcToken;
  /** The recipient every payment on this network must go to. */
  payTo: Address;
  /** Explorer transaction URL with {hash}; undefined on the devnet (the hash is shown instead). */
  explorerTxUrl?: string;
  testnet: boolean;
  /** Devnet only: the faucet of the local gateway. */
  faucetUrl?: string;
}

/** BlockRun's receiving address, as seen in live 402s on mainnet and testnet. */
export const BLOCKRUN_PAY_TO: Address = "0xe9030014F5DAe217d0A152f02A043567b16c1aBf";

export const BASE: Network = {
  id: "base",
  name: "Base",
  chainId: 8453,
  caip2: "eip155:8453",
  rpcUrl: "https://mainnet.base.org",
  gatewayUrl: "https://blockrun.ai/api",
  usdc: { address: "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", name: "USD Coin", version: "2", decimals: 6 },
  payTo: BLOCKRUN_PAY_TO,
  explorerTxUrl: "https://basescan.org/tx/{hash}",
  testnet: false,
};

export const BASE_SEPOLIA: Network = {
  id: "base-sepolia",
  name: "Base Sepolia",
  chainId: 84532,
  caip2: "eip155:84532",
  rpcUrl: "https://sepolia.base.org",
  gatewayUrl: "https://testnet.blockrun.ai/api",
  usdc: { address: "0x036CbD53842c5426634e7929541eC2318f3dCF7e", name: "USDC", version: "2", decimals: 6 },
  payTo: BLOCKRUN_PAY_TO,
  explorerTxUrl: "https://sepolia.basescan.org/tx/{hash}",
  testnet: true,
};

export interface DevnetValues {
  chainId: number;
  rpcUrl: string;
  gatewayUrl: string;
  usdc: UsdcToken;
  payTo: Address;
}

export function devnetNetwork(d: DevnetValues): Network {
  return {
    id: "devnet",
    name: d.chainId === 31337 ? "Devnet" : `Devnet (${d.chainId})`,
    chainId: d.chainId,
    caip2: `eip155:${d.chainId}`,
    rpcUrl: d.rpcUrl,
    gatewayUrl: d.gatewayUrl,
    usdc: d.usdc,
    payTo: d.payTo,
    testnet: true,
    faucetUrl: `${d.gatewayUrl.replace(/\/api\/?$/, "")}/__devnet/faucet`,
  };
}

export function explorerTxUrl(network: Network, hash: string): string | undefined {
  return network.explorerTxUrl?.replace("{hash}", hash);
}

export function findNetwork(networks: readonly Network[], id: string | undefined): Network | undefined {
  return networks.find((n) => n.id === id);
}

export function networkByCaip2(networks: readonly Network[], caip2: string): Network | undefined {
  return networks.find((n) => n.caip2 === caip2);
}

export const NETWORK_IDS: readonly NetworkId[] = ["devnet", "base", "base-sepolia"];
