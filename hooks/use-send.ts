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
import { loadQuickPayCode } from "@/lib/quickpay/loader";
import type { StoredQuickPaySession } from "@/lib/db/types";

export type { SendRequest };

let controller: SendController | undefined;
let onSentListener: ((req: SendRequest) => void) | undefined;
const listeners = new Set<() => void>();
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};
const getState = (): SendState => controller?.getState() ?? IDLE;
const subscribeLive = (l: () => void) => controller?.subscribeLive(l) ?? (() => {});
const getLive = () => controller?.getLive();
/** Who signs the send in progress: set before the controller starts it, so the dialog can say so. */
let signer: "wallet" | "session" = "wallet";

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
    /** With `quickPay`, the message is paid by that session's key (the screen decided it covers the price). */
    async (req: SendRequest, opts: { quickPay?: StoredQuickPaySession } = {}) => {
      if (!req.free && !address) openConnectModal();
      const [code, qp] = await Promise.all([loadSendCode(), opts.quickPay && !req.free ? loadQuickPayCode() : undefined]);
      const c = await tabController();
      const wallet = !address
        ? undefined
        : qp && opts.quickPay
          ? qp.wagmiSessionWallet(config, opts.quickPay)
          : code.wagmiPayingWallet(config, address);
      signer = qp && opts.quickPay ? "session" : "wallet";
      void c.send(req, wallet);
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
    /** "session" when a quick pay session's key signs the pending payment (no wallet prompt). */
    signer,
    busy: statusLine(state),
    streaming: state.name === "streaming" || state.name === "settling",
    error: state.name === "failed" ? state.error : undefined,
  };
}

const getLiveId = () => controller?.getLive()?.id;
const getShown = () => controller?.getLive()?.shown;

/** The last send's messages, to show before IndexedDB has them (lib/chat/thread.ts withPending). */
export function useSendShown() {
  return useSyncExternalStore(subscribeLive, getShown, getShown);
}

/**
 * The reply the controller streamed last (kept after the stream ends, until the next send): its message shows the
 * controller's text until the database's row has caught up (no longer "streaming"), so the text never blinks back
 * to an older stored copy between the stream's end and the live query's next answer. A token does not change it.
 */
export function useLiveReplyId(): string | undefined {
  return useSyncExternalStore(subscribeLive, getLiveId, getLiveId);
}

/** The streaming reply's text, if `id` is it: a token re-renders the component that asks, not the chat screen. */
export function useLiveText(id: string): string | undefined {
  const live = useSyncExternalStore(subscribeLive, getLive, getLive);
  return live?.id === id ? live.text : undefined;
}
