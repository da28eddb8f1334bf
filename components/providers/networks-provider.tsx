"use client";
/**
 * The configured networks (plain data from the server) and the one the user picked. The pick lives in
 * localStorage; until the browser has read it (and on the server) the first configured network is active.
 */
import { createContext, useCallback, useMemo, useSyncExternalStore, type ReactNode } from "react";
import type { Network, NetworkId } from "@/lib/networks";

const STORAGE_KEY = "blockrun-chat.active-network.v1";
const CHANGE_EVENT = "blockrun-chat:active-network";

export interface NetworksContextValue {
  networks: readonly Network[];
  active: Network | undefined;
  setActive(id: NetworkId): void;
}

export const NetworksContext = createContext<NetworksContextValue | null>(null);

function subscribe(onChange: () => void) {
  // "storage" covers other tabs; the custom event covers this one.
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

const readStored = () => window.localStorage.getItem(STORAGE_KEY);
const readOnServer = () => null;

export function NetworksProvider({ networks, children }: { networks: readonly Network[]; children: ReactNode }) {
  const stored = useSyncExternalStore(subscribe, readStored, readOnServer);
  const active = networks.find((n) => n.id === stored) ?? networks[0];

  const setActive = useCallback((id: NetworkId) => {
    window.localStorage.setItem(STORAGE_KEY, id);
    window.dispatchEvent(new Event(CHANGE_EVENT));
  }, []);

  const value = useMemo(() => ({ networks, active, setActive }), [networks, active, setActive]);
  return <NetworksContext.Provider value={value}>{children}</NetworksContext.Provider>;
}
