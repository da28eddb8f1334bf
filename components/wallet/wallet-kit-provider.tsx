"use client";
/**
 * The app's handle on the wallet kit (RainbowKit and the wallet SDKs), which is not part of the first load.
 * Components ask for the connect or account modal through useWalletKit(); the first such request loads the kit
 * (components/wallet/wallet-kit.tsx) and opens the modal once it is there. When a wallet was connected on the
 * last visit, the kit loads at once in the background after first paint, so wagmi can reconnect it.
 * wagmi's own hooks (useAccount, useConfig, ...) work from the start: the page's wagmi config is the light one
 * (lib/wallet/wagmi-config.ts) and the kit adds its connectors to it.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ComponentType, type ReactNode } from "react";
import { useConfig } from "wagmi";
import type { Network } from "@/lib/networks";
import type { KitActions, WalletKitProps } from "./wallet-kit";

export type WalletKitState = "idle" | "loading" | "ready" | "error";

export interface WalletKitValue {
  state: WalletKitState;
  /** Why the kit could not load (the person can try again). */
  error?: string;
  openConnectModal(): void;
  openAccountModal(): void;
  /** Start loading without opening anything (pointer over or focus on a connect button). */
  preload(): void;
}

const WalletKitContext = createContext<WalletKitValue | null>(null);

export function useWalletKit(): WalletKitValue {
  const ctx = useContext(WalletKitContext);
  if (!ctx) throw new Error("useWalletKit must be used inside <WalletKitProvider>");
  return ctx;
}

/** A request made before RainbowKit could take it; dropped if RainbowKit never offers it (say, already connected). */
type Pending = { what: "connect" | "account"; at: number } | undefined;
const PENDING_FOR_MS = 15_000;

const afterFirstPaint = (run: () => void) => {
  const w = window as Window & { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number };
  if (w.requestIdleCallback) w.requestIdleCallback(run, { timeout: 1_500 });
  else setTimeout(run, 200);
};

export function WalletKitProvider(props: {
  networks: readonly Network[];
  previousConnectorId: string | undefined;
  /** The page's CSP nonce, for the kit's theme <style>. */
  nonce?: string;
  children: ReactNode;
}) {
  const { networks, previousConnectorId, nonce, children } = props;
  const config = useConfig();
  const [Kit, setKit] = useState<ComponentType<WalletKitProps>>();
  const [state, setState] = useState<WalletKitState>("idle");
  const [error, setError] = useState<string>();
  const [actions, setActions] = useState<KitActions>({});
  const pending = useRef<Pending>(undefined);
  const loading = useRef(false);

  const load = useCallback(() => {
    if (loading.current) return;
    loading.current = true;
    setState((s) => (s === "ready" ? s : "loading"));
    setError(undefined);
    import("./wallet-kit").then(
      (m) => {
        m.installWalletConnectors(config, networks, previousConnectorId);
        setKit(() => m.default);
        setState("ready");
      },
      (e: Error) => {
        loading.current = false;
        pending.current = undefined;
        setState("error");
        setError(`The wallet list could not be loaded (${e.message}). Check the connection and try again.`);
      },
    );
  }, [config, networks, previousConnectorId]);

  // A wallet was connected last time: load the kit after first paint so wagmi can reconnect it.
  useEffect(() => {
    if (previousConnectorId) afterFirstPaint(load);
  }, [previousConnectorId, load]);

  // Open what was asked for as soon as RainbowKit hands over its functions.
  useEffect(() => {
    const p = pending.current;
    if (!p) return;
    const fn = p.what === "connect" ? actions.openConnectModal : actions.openAccountModal;
    if (Date.now() - p.at > PENDING_FOR_MS) pending.current = undefined;
    else if (fn) {
      pending.current = undefined;
      fn();
    }
  }, [actions]);

  const open = useCallback(
    (what: "connect" | "account") => {
      const fn = what === "connect" ? actions.openConnectModal : actions.openAccountModal;
      if (fn) return fn();
      pending.current = { what, at: Date.now() };
      load();
    },
    [actions, load],
  );

  const value = useMemo<WalletKitValue>(
    () => ({
      state,
      error,
      openConnectModal: () => open("connect"),
      openAccountModal: () => open("account"),
      preload: load,
    }),
    [state, error, open, load],
  );

  return (
    <WalletKitContext.Provider value={value}>
      {children}
      {Kit && <Kit onActions={setActions} nonce={nonce} />}
    </WalletKitContext.Provider>
  );
}
