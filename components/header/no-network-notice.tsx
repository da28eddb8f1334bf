"use client";
import { useNetworks } from "@/hooks/use-networks";

/** With no network configured (usually: the devnet is not running) say what to run instead of failing later. */
export function NoNetworkNotice() {
  const networks = useNetworks();
  if (networks.length > 0) return null;
  return (
    <div role="alert" className="border-t border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
      No network is available: the devnet is not running. Start it with <code className="font-mono">npm run dev</code>, then reload.
    </div>
  );
}
