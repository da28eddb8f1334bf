"use client";
/**
 * Client providers: networks, wagmi, react-query, RainbowKit. The wagmi config is created once per page load
 * from the networks the server handed over (see lib/wallet/wagmi-config.ts).
 */
import { useState, type ReactNode } from "react";
import { WagmiProvider } from "wagmi";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { darkTheme, lightTheme, RainbowKitProvider } from "@rainbow-me/rainbowkit";
import type { Network } from "@/lib/networks";
import { createWagmiConfig } from "@/lib/wallet/wagmi-config";
import { APP_NAME } from "@/lib/wallet/wallet-list";
import { NetworksProvider } from "./networks-provider";
import { PaymentReconciler } from "./payment-reconciler";

const accent = { accentColor: "#0d9488", accentColorForeground: "white", borderRadius: "medium", overlayBlur: "small" } as const;
// RainbowKit follows prefers-color-scheme when given both themes.
const theme = { lightMode: lightTheme(accent), darkMode: darkTheme(accent) };

export function Providers({ networks, children }: { networks: readonly Network[]; children: ReactNode }) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false } } }));
  const [config] = useState(() => createWagmiConfig(networks, { browser: typeof window !== "undefined" }));

  return (
    <NetworksProvider networks={networks}>
      <PaymentReconciler />
      <WagmiProvider config={config}>
        <QueryClientProvider client={queryClient}>
          <RainbowKitProvider theme={theme} appInfo={{ appName: APP_NAME }} modalSize="compact">
            {children}
          </RainbowKitProvider>
        </QueryClientProvider>
      </WagmiProvider>
    </NetworksProvider>
  );
}
