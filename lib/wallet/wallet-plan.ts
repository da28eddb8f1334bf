/**
 * Which wallets the connect modal offers, decided as plain data so it can be tested without a browser or
 * RainbowKit (lib/wallet/wallet-list.ts turns the plan into RainbowKit wallets, in the lazily loaded kit).
 *   - Devnet wallet: only when the devnet is one of the app's networks (APP_NETWORKS).
 *   - MetaMask: always. Installed: its extension. Absent: WalletConnect's QR code when a project id is set,
 *     otherwise "Get MetaMask" (RainbowKit's download options).
 *   - Coinbase Wallet: always; its SDK offers the smart wallet (passkeys) and the extension (preference "all").
 *   - Browser wallet: window.ethereum that is not MetaMask (an older extension without EIP-6963).
 *   - WalletConnect: when a project id is set.
 * Every EIP-6963 wallet (an installed extension, the e2e test wallet) is discovered by wagmi and listed by
 * RainbowKit under "Installed" on its own: it needs no entry here.
 */
import type { Network } from "../networks";

export type PlannedWallet =
  | { kind: "devnet"; network: Network }
  | { kind: "metaMask"; via: "extension" | "walletConnect" | "download" }
  | { kind: "coinbase"; preference: "all" }
  | { kind: "injected" }
  | { kind: "walletConnect" };

export interface WalletGroupPlan {
  groupName: string;
  wallets: PlannedWallet[];
}

export interface WalletEnvironment {
  /** window.ethereum is MetaMask's provider (or MetaMask announced itself through EIP-6963). */
  metaMaskInstalled: boolean;
  /** Some window.ethereum provider exists. */
  injectedProvider: boolean;
}

export function walletPlan(networks: readonly Network[], projectId: string | undefined, env: WalletEnvironment): WalletGroupPlan[] {
  const groups: WalletGroupPlan[] = [];
  const devnet = networks.find((n) => n.id === "devnet");
  if (devnet) groups.push({ groupName: "Devnet", wallets: [{ kind: "devnet", network: devnet }] });

  const popular: PlannedWallet[] = [
    { kind: "metaMask", via: env.metaMaskInstalled ? "extension" : projectId ? "walletConnect" : "download" },
    { kind: "coinbase", preference: "all" },
  ];
  if (env.injectedProvider && !env.metaMaskInstalled) popular.push({ kind: "injected" });
  if (projectId) popular.push({ kind: "walletConnect" });
  groups.push({ groupName: "Popular", wallets: popular });
  return groups;
}

/** What the page's window says about installed wallets (false on the server). */
export function browserWalletEnvironment(): WalletEnvironment {
  if (typeof window === "undefined") return { metaMaskInstalled: false, injectedProvider: false };
  const ethereum = (window as { ethereum?: { isMetaMask?: boolean; providers?: { isMetaMask?: boolean }[] } }).ethereum;
  const providers = ethereum?.providers ?? (ethereum ? [ethereum] : []);
  return { metaMaskInstalled: providers.some((p) => p.isMetaMask === true), injectedProvider: !!ethereum };
}
