"use client";
/**
 * Keeps every open payment moving toward a proven outcome: on each app load (any page, the history included) and
 * every 15 s while the tab is visible, payments whose tab is gone are settled from what the chain proves
 * (lib/payments/reconcile.ts). It reads the chain over each network's public RPC, without the wallet.
 */
import { useEffect } from "react";
import type { Address, PublicClient } from "viem";
import { useNetworks } from "@/hooks/use-networks";
import { reconcileOpenPayments } from "@/lib/payments/reconcile";
import { chainAccessFor } from "@/lib/history/chain-access";
import type { NetworkId } from "@/lib/networks";

const EVERY_MS = 15_000;

export function PaymentReconciler() {
  const networks = useNetworks();
  useEffect(() => {
    const clients = new Map<NetworkId, { client: PublicClient; usdc: Address }>();
    const clientFor = (id: NetworkId) => {
      const n = networks.find((x) => x.id === id);
      if (!n) return undefined;
      if (!clients.has(id)) clients.set(id, { client: chainAccessFor(n).client, usdc: n.usdc.address });
      return clients.get(id);
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const tick = async () => {
      if (document.visibilityState === "visible") await reconcileOpenPayments(clientFor).catch(() => {});
      if (!stopped) timer = setTimeout(tick, EVERY_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [networks]);
  return null;
}
