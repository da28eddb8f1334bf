"use client";
/**
 * Wires the send flow to the wallet and the screen: quote -> guard -> dialog (or auto-approve) -> switch chain ->
 * sign -> send -> stream -> settle. The wallet is asked to sign only after the quote guard passed and the person
 * pressed "Pay and send" (or allowed automatic approval under an amount they chose).
 */
import { useCallback, useRef, useState } from "react";
import { useAccount, useConfig } from "wagmi";
import type { Address } from "viem";
import { useWalletKit } from "@/components/wallet/wallet-kit-provider";
import type { Network } from "@/lib/networks";
import { fetchQuote, isQuoteFresh, type Quote } from "@/lib/chat/quote";
import type { SendPhase } from "@/lib/chat/send-message";
import { SendError, toSendError } from "@/lib/chat/send-error";
import { guardQuote } from "@/lib/x402/quote-guard";
import { getSpendSettings } from "@/lib/db/settings";
import { loadSendCode } from "@/lib/chat/send-loader";
import { spentInConversation, spentSince, startOfLocalDay } from "@/lib/db/payments";

export interface PendingPayment {
  quote: Quote;
  text: string;
  conversationId: string;
  model: string;
  maxTokens: number;
}

export interface SendRequest {
  network: Network;
  conversationId: string;
  model: string;
  maxTokens: number;
  text: string;
  body: string;
  free: boolean;
  cachedQuote?: Quote;
}

const PHASE_TEXT: Partial<Record<SendPhase, string>> = {
  switching: "Switching the wallet's network…",
  checking: "Checking your USDC balance…",
  signing: "Waiting for your wallet…",
};

export function useSend(opts: { onSent?(): void }) {
  const config = useConfig();
  const { address } = useAccount();
  const { openConnectModal } = useWalletKit();
  const [pending, setPending] = useState<{ req: SendRequest; quote: Quote }>();
  const [busy, setBusy] = useState<string>();
  const [streaming, setStreaming] = useState(false);
  const [live, setLive] = useState<{ id: string; text: string }>();
  const [error, setError] = useState<{ message: string; retryable: boolean; retryAfterSeconds?: number; limit?: { code: "daily_limit" | "conversation_limit"; over: bigint } }>();
  const abortRef = useRef<AbortController | undefined>(undefined);

  const run = useCallback(
    async (req: SendRequest, quote?: Quote) => {
      const ctrl = new AbortController();
      abortRef.current = ctrl;
      let assistantId: string | undefined;
      try {
        // The sending code (x402 payment, settlement, the wallet's viem actions) loads with the first send,
        // not with the page (lib/chat/send-loader.ts).
        const { sendMessage, paidParts } = await loadSendCode();
        const paid = quote ? paidParts(config, req.network, address as Address, quote) : undefined;
        await sendMessage({
          network: req.network,
          conversationId: req.conversationId,
          model: req.model,
          maxTokens: req.maxTokens,
          userText: req.text,
          body: req.body,
          paid,
          signal: ctrl.signal,
          onPhase: (p) => {
            if (PHASE_TEXT[p]) setBusy(PHASE_TEXT[p]);
            if (p === "sending") {
              setPending(undefined);
              setBusy(undefined);
              setStreaming(true);
            }
          },
          onMessages: ({ assistantMessageId }) => {
            assistantId = assistantMessageId;
            opts.onSent?.();
          },
          onDelta: (text) => assistantId && setLive({ id: assistantId, text }),
        });
      } catch (e) {
        const err = toSendError(e);
        if (err.code !== "aborted") {
          setError({ message: err.message, retryable: true, retryAfterSeconds: err.retryAfterSeconds });
        }
      } finally {
        setPending(undefined);
        setBusy(undefined);
        setStreaming(false);
        setLive(undefined);
        abortRef.current = undefined;
      }
    },
    [address, config, opts],
  );

  /** Send pressed: free models go at once; paid ones get a guarded quote and the dialog. */
  const send = useCallback(
    async (req: SendRequest) => {
      setError(undefined);
      if (req.free) return run(req);
      if (!address) {
        openConnectModal();
        setError({ message: "Connect a wallet to pay for this message.", retryable: false });
        return;
      }
      try {
        setBusy("Getting the price…");
        const quote = isQuoteFresh(req.cachedQuote, req.body) ? req.cachedQuote : await fetchQuote(req.network, req.body);
        const settings = await getSpendSettings();
        const verdict = guardQuote(quote.challenge.requirement, req.network, {
          perMessageCap: settings.perMessageCap,
          dailyLimit: settings.dailyLimit,
          spentToday: settings.dailyLimit !== undefined ? await spentSince(address, startOfLocalDay()) : undefined,
          conversationLimit: settings.conversationLimit,
          spentInConversation: settings.conversationLimit !== undefined ? await spentInConversation(req.conversationId) : undefined,
        });
        setBusy(undefined);
        if (!verdict.ok) {
          const limit = verdict.over !== undefined && (verdict.code === "daily_limit" || verdict.code === "conversation_limit")
            ? { code: verdict.code, over: verdict.over } : undefined;
          setError({ message: verdict.message, retryable: false, limit });
          return;
        }
        if (settings.autoApproveUnder !== undefined && quote.amount < settings.autoApproveUnder) return run(req, quote);
        setPending({ req, quote });
      } catch (e) {
        setBusy(undefined);
        const err = toSendError(e);
        setError({ message: err.message, retryable: true, retryAfterSeconds: err.retryAfterSeconds });
      }
    },
    [address, openConnectModal, run],
  );

  const approve = useCallback(() => pending && run(pending.req, pending.quote), [pending, run]);
  const cancel = useCallback(() => {
    setPending(undefined);
    setBusy(undefined);
  }, []);
  const stop = useCallback(() => abortRef.current?.abort(), []);

  return { send, approve, cancel, stop, pending, busy, streaming, live, error, clearError: () => setError(undefined) };
}

export { SendError };
