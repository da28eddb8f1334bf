/**
 * The wagmi configuration, in one place (scaffold-eth-2 style). Built in the browser only: wallet detection,
 * the devnet wallet's key and WalletConnect all need `window`. The server renders with a connector-less
 * config so hooks work during SSR and nothing wallet-related runs there.
 */
import { connectorsForWallets } from "@rainbow-me/rainbowkit";
import { createConfig, http, type Config, type Transport } from "wagmi";
import type { Network } from "../networks";
import { chainsForNetworks } from "./chains";
import { APP_NAME, walletList } from "./wallet-list";

export function createWagmiConfig(networks: readonly Network[], opts: { browser: boolean }): Config {
  const chains = chainsForNetworks(networks);
  const transports: Record<number, Transport> = {};
  for (const chain of chains) transports[chain.id] = http(chain.rpcUrls.default.http[0]);

  const projectId = process.env.NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID || undefined;
  const groups = opts.browser ? walletList(networks, projectId) : [];
  const connectors = groups.length
    ? connectorsForWallets(groups, { projectId: projectId ?? "", appName: APP_NAME, appDescription: "Chat with LLMs, pay per message in USDC" })
    : [];

  return createConfig({
    chains,
    transports,
    connectors,
    ssr: true,
    // The devnet mines on demand: poll often enough that balances move right after a payment.
    pollingInterval: networks.some((n) => n.id === "devnet") ? 1_000 : 4_000,
  });
}
