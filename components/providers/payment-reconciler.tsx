"use client";
/**
 * Keeps every open payment moving toward a proven outcome (a cheap count first; the chain code loads only when a
 * payment is open): on each app load (any page, the history included), when
 * the tab comes back into view, and while the tab is visible — every 4 s while something is open, else every
 * 30 s — payments whose tab is gone are settled from what the chain proves (lib/payments/reconcile.ts). It reads
 * the chain over each network's public RPC, without the wallet.
 */
import { useEffect } from "react";
import type { Address, PublicClient } from "viem";
import { useNetworks } from "@/hooks/use-networks";
import type { NetworkId } from "@/lib/networks";
import { countUnsettledPayments } from "@/lib/db/payments";

// The chain-reading code is not part of the first load: it comes a moment after the page is up.
const loadReconcile = () =>
  Promise.all([import("@/lib/payments/reconcile"), import("@/lib/history/chain-access")]).then(([r, c]) => ({
    reconcileOpenPayments: r.reconcileOpenPayments,
    chainAccessFor: c.chainAccessFor,
  }));
const FIRST_RUN_AFTER_MS = 300;

const WHILE_OPEN_MS = 4_000;
const IDLE_MS = 30_000;

export function PaymentReconciler() {
  const networks = useNetworks();
  useEffect(() => {
    const clients = new Map<NetworkId, { client: PublicClient; usdc: Address }>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let running = false;
    const tick = async () => {
      clearTimeout(timer);
      if (running || stopped) return;
      running = true;
      let open = 0;
      // Nothing open (the usual case): no chain code is loaded at all.
      const pending = document.visibilityState === "visible" ? await countUnsettledPayments().catch(() => 1) : 0;
      if (pending > 0) {
        try {
          const { reconcileOpenPayments, chainAccessFor } = await loadReconcile();
          const clientFor = (id: NetworkId) => {
            const n = networks.find((x) => x.id === id);
            if (!n) return undefined;
            if (!clients.has(id)) clients.set(id, { client: chainAccessFor(n).client, usdc: n.usdc.address });
            return clients.get(id);
          };
          open = (await reconcileOpenPayments(clientFor)).open;
        } catch {
          open = 1; // the code or the chain could not be reached: try again soon
        }
      }
      running = false;
      if (!stopped) timer = setTimeout(tick, open > 0 ? WHILE_OPEN_MS : IDLE_MS);
    };
    const onVisible = () => document.visibilityState === "visible" && void tick();
    document.addEventListener("visibilitychange", onVisible);
    timer = setTimeout(tick, FIRST_RUN_AFTER_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [networks]);
  return null;
}
