"use client";
/**
 * Client providers: networks, wagmi, react-query, RainbowKit. The wagmi config is created once per page load
 * from the networks the server handed over (see lib/wallet/wagmi-config.ts).
 */
import { useEffect, useState, type ReactNode } from "react";
import { setNonce } from "get-nonce";
import { WagmiProvider } from "wagmi";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cssStringFromTheme, darkTheme, lightTheme, RainbowKitProvider } from "@rainbow-me/rainbowkit";
import type { Network } from "@/lib/networks";
import { createWagmiConfig } from "@/lib/wallet/wagmi-config";
import { APP_NAME } from "@/lib/wallet/wallet-list";
import { NetworksProvider } from "./networks-provider";
import { PaymentReconciler } from "./payment-reconciler";

const accent = { accentColor: "#0d9488", accentColorForeground: "white", borderRadius: "medium", overlayBlur: "small" } as const;
const light = lightTheme(accent);
/**
 * RainbowKit's theme as CSS variables, light and dark by prefers-color-scheme. RainbowKit would write this
 * <style> itself, without a nonce, so the CSP would block it: we render it (theme={null}) with the page's nonce,
 * inside the same [data-rk] wrapper RainbowKit uses.
 */
const THEME_CSS =
  `[data-rk]{${cssStringFromTheme(light)}}` +
  `@media(prefers-color-scheme:dark){[data-rk]{${cssStringFromTheme(darkTheme(accent), { extends: light })}}}`;

export function Providers({ networks, nonce, children }: { networks: readonly Network[]; nonce?: string; children: ReactNode }) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false } } }));
  const [config] = useState(() => createWagmiConfig(networks, { browser: typeof window !== "undefined" }));
  // RainbowKit's dialogs lock scrolling with a <style> they add on open (react-remove-scroll); it takes its
  // nonce from get-nonce.
  useEffect(() => {
    if (nonce) setNonce(nonce);
  }, [nonce]);

  return (
    <NetworksProvider networks={networks}>
      <PaymentReconciler />
      <WagmiProvider config={config}>
        <QueryClientProvider client={queryClient}>
          <RainbowKitProvider theme={null} appInfo={{ appName: APP_NAME }} modalSize="compact">
            <div data-rk="">
              <style nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_CSS }} />
              {children}
            </div>
          </RainbowKitProvider>
        </QueryClientProvider>
      </WagmiProvider>
    </NetworksProvider>
  );
}
