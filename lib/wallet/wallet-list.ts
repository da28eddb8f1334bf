/**
 * The wallet plan (wallet-plan.ts) as RainbowKit wallets. Imported only by the lazily loaded wallet kit
 * (components/wallet/wallet-kit.tsx): RainbowKit's wallets pull in the wallet SDKs' connectors.
 */
import type { Wallet, WalletList } from "@rainbow-me/rainbowkit";
import { coinbaseWallet, injectedWallet, metaMaskWallet, walletConnectWallet } from "@rainbow-me/rainbowkit/wallets";
import { createConnector } from "wagmi";
import { injected } from "wagmi/connectors";
import type { Network } from "../networks";
import { devnetRainbowWallet } from "./devnet-wallet/rainbowkit-wallet";
import { APP_NAME } from "./app-name";
import { browserWalletEnvironment, walletPlan, type PlannedWallet, type WalletEnvironment } from "./wallet-plan";

export { APP_NAME };

type CreateWalletFn = WalletList[number]["wallets"][number];
type WalletOptions = Parameters<CreateWalletFn>[0];

/**
 * MetaMask without its extension and without a WalletConnect project id: RainbowKit's own entry would need
 * WalletConnect (it throws without a project id). This keeps its name, icon and download links, marks it not
 * installed so the modal offers "Get MetaMask", and gives it an injected connector that finds the extension
 * once it is installed. The project id passed to RainbowKit is never used: the WalletConnect connector it
 * would build is replaced.
 */
export const metaMaskDownloadWallet: CreateWalletFn = (options) => {
  const base = metaMaskWallet({ ...options, projectId: options.projectId || "unused-no-walletconnect" });
  return {
    ...base,
    installed: false,
    qrCode: undefined,
    mobile: undefined,
    createConnector: (walletDetails) =>
      createConnector((config) => ({ ...injected({ target: "metaMask" })(config), ...walletDetails })),
  } satisfies Wallet;
};

// Coinbase Wallet's SDK: the smart wallet (passkeys, ERC-1271/6492 signatures) and the extension or app.
coinbaseWallet.preference = "all";

function toRainbow(w: PlannedWallet): CreateWalletFn {
  switch (w.kind) {
    case "devnet":
      return devnetRainbowWallet(w.network);
    case "metaMask":
      return w.via === "download" ? metaMaskDownloadWallet : metaMaskWallet;
    case "coinbase":
      return coinbaseWallet;
    case "injected":
      return injectedWallet;
    case "walletConnect":
      return walletConnectWallet;
  }
}

/** A wallet whose creation throws (RainbowKit's MetaMask when it misjudges the extension) falls back or is left out. */
function usable(createWallet: CreateWalletFn, options: WalletOptions): boolean {
  try {
    createWallet(options);
    return true;
  } catch {
    return false;
  }
}

export function walletList(
  networks: readonly Network[],
  projectId: string | undefined,
  env: WalletEnvironment = browserWalletEnvironment(),
): WalletList {
  const options = { projectId: projectId ?? "", appName: APP_NAME, walletConnectParameters: {} } as WalletOptions;
  return walletPlan(networks, projectId, env).map((group) => ({
    groupName: group.groupName,
    wallets: group.wallets
      .map(toRainbow)
      .map((fn) => (fn === metaMaskWallet && !usable(fn, options) ? metaMaskDownloadWallet : fn))
      .filter((fn) => usable(fn, options)),
  }));
}
