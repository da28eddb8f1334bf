"use client";
/**
 * The price of the message as typed: an unpaid request, sent 400 ms after the person stops typing. The quote is
 * kept with the exact body it prices; Send reuses it only if the body is byte-identical and fresh. The code that
 * fetches and reads it (the 402, @x402/core) comes with the send code, which the first keystroke starts loading.
 */
import { useEffect, useRef, useState } from "react";
import { isQuoteFresh, type Quote } from "@/lib/chat/quote-fresh";
import type { Network } from "@/lib/networks";
import { loadSendCode, preloadSendCode } from "@/lib/chat/send-loader";

export const QUOTE_DEBOUNCE_MS = 400;

export function useQuote(network: Network | undefined, body: string | undefined, enabled: boolean) {
  // The last answer, with the body it answers; anything for another body is stale by construction.
  const [answer, setAnswer] = useState<{ body: string; quote?: Quote; error?: string }>();
  const cache = useRef(new Map<string, Quote>());

  // Typing is the first sign of a send: fetch the send code now, so Send never waits for it.
  useEffect(() => {
    if (body) preloadSendCode();
  }, [body]);

  useEffect(() => {
    if (!enabled || !network || !body) return;
    const ctrl = new AbortController();
    const hit = cache.current.get(body);
    const wait = isQuoteFresh(hit, body) ? 0 : QUOTE_DEBOUNCE_MS;
    const t = setTimeout(async () => {
      if (isQuoteFresh(hit, body)) return setAnswer({ body, quote: hit });
      let code: Awaited<ReturnType<typeof loadSendCode>>;
      try {
        // Started by the first keystroke (above), so normally already here when the debounce ends.
        code = await loadSendCode();
      } catch {
        if (!ctrl.signal.aborted) setAnswer({ body, error: "The app's payment code could not be loaded. Check your connection and reload." });
        return;
      }
      const { fetchQuote, toSendError } = code;
      try {
        const q = await fetchQuote(network, body, ctrl.signal);
        if (cache.current.size > 50) cache.current.clear();
        cache.current.set(body, q);
        if (!ctrl.signal.aborted) setAnswer({ body, quote: q });
      } catch (e) {
        if (!ctrl.signal.aborted) setAnswer({ body, error: toSendError(e).message });
      }
    }, wait);
    return () => {
      clearTimeout(t);
      ctrl.abort();
    };
  }, [network, body, enabled]);

  const current = enabled && body && answer?.body === body ? answer : undefined;
  return { quote: current?.quote, error: current?.error, loading: !!(enabled && body && !current) };
}
