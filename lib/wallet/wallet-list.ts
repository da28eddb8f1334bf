/**
 * Which wallets the connect modal offers. EIP-6963 wallets (any installed extension, and the e2e test wallet)
 * are discovered by wagmi and listed by RainbowKit under "Installed" on their own.
 */
import type { WalletList } from "@rainbow-me/rainbowkit";
import { coinbaseWallet, injectedWallet, metaMaskWallet, walletConnectWallet } from "@rainbow-me/rainbowkit/wallets";
import type { Network } from "../networks";
import { devnetRainbowWallet } from "./devnet-wallet/rainbowkit-wallet";

export const APP_NAME = "BlockRun Chat";

type CreateWalletFn = WalletList[number]["wallets"][number];

/**
 * Without a WalletConnect project id, wallets that would fall back to WalletConnect (MetaMask when its
 * extension is absent) throw as soon as they are created: leave those out instead of breaking the modal.
 */
function usable(createWallet: CreateWalletFn, projectId: string): boolean {
  try {
    createWallet({ projectId, appName: APP_NAME, walletConnectParameters: {} } as Parameters<CreateWalletFn>[0]);
    return true;
  } catch {
    return false;
  }
}

export function walletList(networks: readonly Network[], projectId: string | undefined): WalletList {
  const groups: WalletList = [];
  const devnet = networks.find((n) => n.id === "devnet");
  if (devnet) groups.push({ groupName: "Devnet", wallets: [devnetRainbowWallet(devnet)] });

  const popular: CreateWalletFn[] = [metaMaskWallet, coinbaseWallet];
  // "Browser Wallet" is window.ethereum; without one it would only fail on click.
  if (typeof window !== "undefined" && "ethereum" in window && window.ethereum) popular.push(injectedWallet);
  if (projectId) popular.push(walletConnectWallet);
  const wallets = popular.filter((w) => usable(w, projectId ?? ""));
  if (wallets.length) groups.push({ groupName: "Popular", wallets });
  return groups;
}
