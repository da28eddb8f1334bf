"use client";
import { useContext } from "react";
import { NetworksContext, type NetworksContextValue } from "@/components/providers/networks-provider";
import type { Network } from "@/lib/networks";

function useNetworksContext(): NetworksContextValue {
  const ctx = useContext(NetworksContext);
  if (!ctx) throw new Error("useNetworks must be used inside <Providers>");
  return ctx;
}

/** Every network this app is configured for, in the configured order (plain data). */
export function useNetworks(): readonly Network[] {
  return useNetworksContext().networks;
}

/** The network the user picked (default: the first configured); undefined only when none is available. */
export function useActiveNetwork(): Network | undefined {
  return useNetworksContext().active;
}

/** Changes the active network (remembered in this browser). */
export function useSetActiveNetwork(): NetworksContextValue["setActive"] {
  return useNetworksContext().setActive;
}
