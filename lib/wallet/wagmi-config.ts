/**
 * The wagmi configuration, in one place (scaffold-eth-2 style), kept light so it can load with the page:
 * viem and wagmi core, the configured chains, and EIP-6963 discovery (any installed extension, the e2e test
 * wallet). No connector SDK is imported here. RainbowKit's modal and the heavier connectors (Devnet wallet,
 * MetaMask, Coinbase, WalletConnect) are added to this same config when the person asks to connect, by the
 * lazily loaded wallet kit (components/wallet/wallet-kit.tsx, lib/wallet/add-connectors.ts).
 * The server renders with it too (no discovery there), so hooks work during SSR.
 */
import { createConfig, http, type Config, type Transport } from "wagmi";
import type { Network } from "../networks";
import { chainsForNetworks } from "./chains";

export function createWagmiConfig(networks: readonly Network[]): Config {
  const chains = chainsForNetworks(networks);
  const transports: Record<number, Transport> = {};
  for (const chain of chains) transports[chain.id] = http(chain.rpcUrls.default.http[0]);

  return createConfig({
    chains,
    transports,
    connectors: [],
    ssr: true,
    // The devnet mines on demand: poll often enough that balances move right after a payment.
    pollingInterval: networks.some((n) => n.id === "devnet") ? 1_000 : 4_000,
  });
}
