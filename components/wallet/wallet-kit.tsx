"use client";
/**
 * The wallet kit, loaded on demand (components/wallet/wallet-kit-provider.tsx): RainbowKit's modals and styles,
 * and the wallets of lib/wallet/wallet-list.ts (Devnet wallet, MetaMask, Coinbase, WalletConnect), whose SDKs
 * their connectors import when used. It adds those connectors to the page's wagmi config, reconnects the wallet
 * used last time if it is one of them, and hands RainbowKit's open-modal functions up to the provider.
 * Rendered beside the app, not around it: loading it never remounts the page.
 */
import { useEffect } from "react";
import type { Config } from "wagmi";
import {
  connectorsForWallets,
  cssStringFromTheme,
  darkTheme,
  lightTheme,
  RainbowKitProvider,
  useAccountModal,
  useConnectModal,
} from "@rainbow-me/rainbowkit";
import "@rainbow-me/rainbowkit/styles.css";
import type { Network } from "@/lib/networks";
import { addConnectors, reconnectAdded } from "@/lib/wallet/add-connectors";
import { APP_NAME, walletList } from "@/lib/wallet/wallet-list";

const accent = { accentColor: "#0d9488", accentColorForeground: "white", borderRadius: "medium", overlayBlur: "small" } as const;
const light = lightTheme(accent);
/**
 * RainbowKit's theme as CSS variables, light and dark by prefers-color-scheme. RainbowKit would write this
 * <style> itself, without a nonce, so the CSP would block it: we render it (theme={null}) with the page's nonce.
 */
const THEME_CSS =
  `[data-rk]{${cssStringFromTheme(light)}}` +
  `@media(prefers-color-scheme:dark){[data-rk]{${cssStringFromTheme(darkTheme(accent), { extends: light })}}}`;

export interface KitActions {
  openConnectModal?: () => void;
  openAccountModal?: () => void;
}

export interface WalletKitProps {
  onActions(actions: KitActions): void;
  nonce?: string;
}

/**
 * Adds the wallet list's connectors to the page's wagmi config (once per config: it outlives this component) and
 * reconnects the wallet used last time if it is one of them. Called by the provider as soon as this module loads.
 */
const installed = new WeakSet<object>();
export function installWalletConnectors(config: Config, networks: readonly Network[], previousConnectorId: string | undefined) {
  if (installed.has(config)) return;
  installed.add(config);
  const projectId = process.env.NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID || undefined;
  const fns = connectorsForWallets(walletList(networks, projectId), {
    projectId: projectId ?? "",
    appName: APP_NAME,
    appDescription: "Chat with LLMs, pay per message in USDC",
  });
  const added = addConnectors(config, fns);
  void reconnectAdded(config, added, previousConnectorId).catch(() => {}); // a wallet that went away: stay disconnected
}

export default function WalletKit({ onActions, nonce }: WalletKitProps) {
  return (
    <RainbowKitProvider theme={null} appInfo={{ appName: APP_NAME }} modalSize="compact">
      <style nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_CSS }} />
      <ModalBridge onActions={onActions} />
    </RainbowKitProvider>
  );
}

function ModalBridge({ onActions }: { onActions(actions: KitActions): void }) {
  const { openConnectModal } = useConnectModal();
  const { openAccountModal } = useAccountModal();
  useEffect(() => onActions({ openConnectModal, openAccountModal }), [openConnectModal, openAccountModal, onActions]);
  return null;
}
