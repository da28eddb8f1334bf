"use client";
/**
 * Client providers: networks, wagmi (the light config: chains and EIP-6963 discovery), react-query, and the
 * wallet kit handle. RainbowKit and the wallet SDKs are not loaded here: components/wallet/wallet-kit-provider.tsx
 * loads them when the person asks to connect (or at once after first paint when a wallet was connected before).
 */
import { useState, type ReactNode } from "react";
import { WagmiProvider } from "wagmi";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { Network } from "@/lib/networks";
import { createWagmiConfig } from "@/lib/wallet/wagmi-config";
import { previousConnectorId } from "@/lib/wallet/previous-connection";
import { WalletKitProvider } from "@/components/wallet/wallet-kit-provider";
import { NetworksProvider } from "./networks-provider";

export function Providers({ networks, children }: { networks: readonly Network[]; children: ReactNode }) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false } } }));
  // Read before the wagmi config exists: creating it writes a fresh (disconnected) state over the stored one.
  const [previous] = useState(() => (typeof window === "undefined" ? undefined : previousConnectorId(window.localStorage)));
  const [config] = useState(() => createWagmiConfig(networks));

  return (
    <NetworksProvider networks={networks}>
      <WagmiProvider config={config}>
        <QueryClientProvider client={queryClient}>
          <WalletKitProvider networks={networks} previousConnectorId={previous}>
            {children}
          </WalletKitProvider>
        </QueryClientProvider>
      </WagmiProvider>
    </NetworksProvider>
  );
}
