/**
 * The one table of networks. An address, a chain id or a gateway URL is written here once; the devnet's come
 * from its deployment file (see lib/server/app-config.ts). The quote guard trusts this table, never the 402,
 * for asset, EIP-712 domain, chain and recipient.
 *
 * Two shapes: `ServerNetwork` (the whole row, server only: it knows where the gateway is) and `PublicNetwork`
 * (what the browser receives: only what the quote guard, the wallet and the history need). The server hands
 * networks to the browser through `toPublicNetwork`, which copies the public fields by name, so a field added
 * to the server row never reaches the page by accident.
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

/** A network as the browser sees it. Plain data, handed from the server to the page as props. */
export interface PublicNetwork {
  id: NetworkId;
  name: string;
  chainId: number;
  /** CAIP-2 id as x402 v2 names networks: "eip155:8453". */
  caip2: `eip155:${number}`;
  /** Public JSON-RPC for reads (balances, settlement checks); the browser calls it directly. */
  rpcUrl: string;
  usdc: UsdcToken;
  /** The recipient every payment on this network must go to. */
  payTo: Address;
  /** Explorer transaction URL with {hash}; undefined on the devnet (the hash is shown instead). */
  explorerTxUrl?: string;
  testnet: boolean;
}

/** The name the browser code uses: a network is the public shape unless a server file says otherwise. */
export type Network = PublicNetwork;

/** Server only: the public fields plus where the server route sends requests. */
export interface ServerNetwork extends PublicNetwork {
  /** The BlockRun gateway base, e.g. https://blockrun.ai/api. Only the server route talks to it. */
  gatewayUrl: string;
  /** Devnet only: the faucet of the local gateway (reached through the app's faucet route). */
  faucetUrl?: string;
}

/** The public fields, copied by name (never `...rest`, so nothing server-only slips through). */
export function toPublicNetwork(n: PublicNetwork): PublicNetwork {
  const out: PublicNetwork = {
    id: n.id,
    name: n.name,
    chainId: n.chainId,
    caip2: n.caip2,
    rpcUrl: n.rpcUrl,
    usdc: { address: n.usdc.address, name: n.usdc.name, version: n.usdc.version, decimals: n.usdc.decimals },
    payTo: n.payTo,
    testnet: n.testnet,
  };
  if (n.explorerTxUrl !== undefined) out.explorerTxUrl = n.explorerTxUrl;
  return out;
}

/** BlockRun's receiving address, as seen in live 402s on mainnet and testnet. */
export const BLOCKRUN_PAY_TO: Address = "0xe9030014F5DAe217d0A152f02A043567b16c1aBf";

export const BASE: ServerNetwork = {
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

export const BASE_SEPOLIA: ServerNetwork = {
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

export function devnetNetwork(d: DevnetValues): ServerNetwork {
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

export function explorerTxUrl(network: PublicNetwork, hash: string): string | undefined {
  return network.explorerTxUrl?.replace("{hash}", hash);
}

export function findNetwork<N extends PublicNetwork>(networks: readonly N[], id: string | undefined): N | undefined {
  return networks.find((n) => n.id === id);
}

export function networkByCaip2<N extends PublicNetwork>(networks: readonly N[], caip2: string): N | undefined {
  return networks.find((n) => n.caip2 === caip2);
}

export const NETWORK_IDS: readonly NetworkId[] = ["devnet", "base", "base-sepolia"];
