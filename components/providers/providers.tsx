"use client";
/**
 * Client providers: networks, wagmi (the light config: chains and EIP-6963 discovery), react-query, and the
 * wallet kit handle. RainbowKit and the wallet SDKs are not loaded here: components/wallet/wallet-kit-provider.tsx
 * loads them when the person asks to connect (or at once after first paint when a wallet was connected before).
 * The page's CSP nonce goes to the kit (its theme <style>) and to get-nonce (RainbowKit's scroll-lock <style>).
 */
import { useEffect, useState, type ReactNode } from "react";
import { setNonce } from "get-nonce";
import { WagmiProvider } from "wagmi";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { Network } from "@/lib/networks";
import { createWagmiConfig } from "@/lib/wallet/wagmi-config";
import { previousConnectorId } from "@/lib/wallet/previous-connection";
import { WalletKitProvider } from "@/components/wallet/wallet-kit-provider";
import { NetworksProvider } from "./networks-provider";
import { PaymentReconciler } from "./payment-reconciler";

export function Providers({ networks, nonce, children }: { networks: readonly Network[]; nonce?: string; children: ReactNode }) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false } } }));
  // Read before the wagmi config exists: creating it writes a fresh (disconnected) state over the stored one.
  const [previous] = useState(() => (typeof window === "undefined" ? undefined : previousConnectorId(window.localStorage)));
  const [config] = useState(() => createWagmiConfig(networks));
  useEffect(() => {
    if (nonce) setNonce(nonce);
  }, [nonce]);

  return (
    <NetworksProvider networks={networks}>
      <PaymentReconciler />
      <WagmiProvider config={config}>
        <QueryClientProvider client={queryClient}>
          <WalletKitProvider networks={networks} previousConnectorId={previous} nonce={nonce}>
            {children}
          </WalletKitProvider>
        </QueryClientProvider>
      </WagmiProvider>
    </NetworksProvider>
  );
}
