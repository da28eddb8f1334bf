"use client";
/**
 * The send flow for React: one SendController per tab (lib/chat/send/controller.ts), read with
 * useSyncExternalStore, and a paying wallet built from wagmi. Nothing else: the flow itself is in lib/chat/send.
 * The controller and the payment code load on demand (lib/chat/send-loader.ts); until then the machine is idle.
 */
import { useCallback, useEffect, useSyncExternalStore } from "react";
import { useAccount, useConfig } from "wagmi";
import { useWalletKit } from "@/components/wallet/wallet-kit-provider";
import { IDLE, statusLine, type SendRequest, type SendState } from "@/lib/chat/send/machine";
import type { SendController } from "@/lib/chat/send/controller";
import { loadSendCode } from "@/lib/chat/send-loader";

export type { SendRequest };

let controller: SendController | undefined;
let onSentListener: ((req: SendRequest) => void) | undefined;
const listeners = new Set<() => void>();
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};
const getState = (): SendState => controller?.getState() ?? IDLE;

/** The tab's one controller: every screen of the tab shares it, so there is one send at a time. */
async function tabController(): Promise<SendController> {
  if (!controller) {
    const { SendController } = await loadSendCode();
    if (!controller) {
      controller = new SendController({ onSent: (req) => onSentListener?.(req) });
      controller.subscribe(() => listeners.forEach((l) => l()));
    }
  }
  return controller;
}

export function useSend(opts: { onSent?(req: SendRequest): void } = {}) {
  const state = useSyncExternalStore(subscribe, getState, getState);
  const config = useConfig();
  const { address } = useAccount();
  const { openConnectModal } = useWalletKit();

  const onSent = opts.onSent;
  useEffect(() => {
    onSentListener = onSent;
  }, [onSent]);

  /** Resolves once the machine has left idle (a second press is then ignored); the flow runs on its own. */
  const send = useCallback(
    async (req: SendRequest) => {
      if (!req.free && !address) openConnectModal();
      const code = await loadSendCode();
      const c = await tabController();
      void c.send(req, address ? code.wagmiPayingWallet(config, address) : undefined);
    },
    [address, config, openConnectModal],
  );

  const pending = state.name === "confirming" ? { req: state.req, quote: state.quote } : undefined;
  const paying = state.name === "paying" ? { req: state.req, quote: state.quote } : undefined;
  return {
    state,
    send,
    approve: () => controller?.approve(),
    cancel: () => controller?.cancel(),
    stop: () => controller?.stop(),
    clearError: () => controller?.dismiss(),
    /** The dialog stays open while the wallet is asked, with the step as its status line. */
    pending: pending ?? paying,
    busy: statusLine(state),
    streaming: state.name === "streaming" || state.name === "settling",
    live: state.name === "streaming" && state.assistantId ? { id: state.assistantId, text: state.text } : undefined,
    error: state.name === "failed" ? state.error : undefined,
  };
}
