"use client";
/**
 * The send flow for React: one SendController per tab (lib/chat/send/controller.ts), read with
 * useSyncExternalStore, and a paying wallet built from wagmi. Nothing else: the flow itself is in lib/chat/send.
 */
import { useCallback, useEffect, useSyncExternalStore } from "react";
import { useAccount, useConfig } from "wagmi";
import { getPublicClient, getWalletClient, switchChain } from "wagmi/actions";
import type { PublicClient } from "viem";
import { useConnectModal } from "@rainbow-me/rainbowkit";
import { SendController } from "@/lib/chat/send/controller";
import { statusLine, type SendRequest } from "@/lib/chat/send/machine";
import { payingWallet } from "@/lib/wallet/paying-wallet";

export type { SendRequest };

let controller: SendController | undefined;
let onSentListener: ((req: SendRequest) => void) | undefined;
/** The tab's one controller: a second screen in the same tab shares it, so there is one send at a time. */
function tabController() {
  controller ??= new SendController({ onSent: (req) => onSentListener?.(req) });
  return controller;
}

export function useSend(opts: { onSent?(req: SendRequest): void } = {}) {
  const c = tabController();
  const state = useSyncExternalStore(c.subscribe, c.getState, c.getState);
  const config = useConfig();
  const { address } = useAccount();
  const { openConnectModal } = useConnectModal();

  const onSent = opts.onSent;
  useEffect(() => {
    onSentListener = onSent;
  }, [onSent]);

  const send = useCallback(
    (req: SendRequest) => {
      if (!req.free && !address) openConnectModal?.();
      const wallet = address
        ? payingWallet({
            address,
            walletClient: (chainId) => getWalletClient(config, { chainId }),
            switchChain: async (chainId) => void (await switchChain(config, { chainId })),
            publicClient: (network) => getPublicClient(config, { chainId: network.chainId }) as PublicClient,
          })
        : undefined;
      return c.send(req, wallet);
    },
    [address, c, config, openConnectModal],
  );

  const pending = state.name === "confirming" ? { req: state.req, quote: state.quote } : undefined;
  const paying = state.name === "paying" ? { req: state.req, quote: state.quote } : undefined;
  return {
    state,
    send,
    approve: () => c.approve(),
    cancel: () => c.cancel(),
    stop: () => c.stop(),
    clearError: () => c.dismiss(),
    /** The dialog stays open while the wallet is asked, with the step as its status line. */
    pending: pending ?? paying,
    busy: statusLine(state),
    streaming: state.name === "streaming" || state.name === "settling",
    live: state.name === "streaming" && state.assistantId ? { id: state.assistantId, text: state.text } : undefined,
    error: state.name === "failed" ? state.error : undefined,
  };
}
