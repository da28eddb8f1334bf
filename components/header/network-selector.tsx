"use client";
import { useActiveNetwork, useNetworks, useSetActiveNetwork } from "@/hooks/use-networks";
import type { NetworkId } from "@/lib/networks";

/** Which network messages are paid on. A native select: keyboard and screen readers get it for free. */
export function NetworkSelector() {
  const networks = useNetworks();
  const active = useActiveNetwork();
  const setActive = useSetActiveNetwork();
  if (networks.length === 0) return null;

  return (
    <label className="flex items-center gap-1.5 text-xs text-muted">
      <span className="sr-only sm:not-sr-only">Network</span>
      <select
        aria-label="Network"
        data-testid="network-selector"
        className="h-8 rounded-md border border-zinc-300 bg-white px-2 text-xs text-zinc-900 shadow-xs focus:outline-2 focus:outline-teal-600 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
        value={active?.id ?? ""}
        onChange={(e) => setActive(e.target.value as NetworkId)}
      >
        {networks.map((n) => (
          <option key={n.id} value={n.id}>
            {n.name}
            {n.testnet && n.id !== "devnet" ? " (testnet)" : ""}
          </option>
        ))}
      </select>
    </label>
  );
}
