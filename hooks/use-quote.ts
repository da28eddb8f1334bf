"use client";
/**
 * The price of the message as typed: an unpaid request, sent 400 ms after the person stops typing. The quote is
 * kept with the exact body it prices; Send reuses it only if the body is byte-identical and fresh.
 */
import { useEffect, useRef, useState } from "react";
import { fetchQuote, type Quote } from "@/lib/chat/quote";
import type { Network } from "@/lib/networks";
import { toSendError } from "@/lib/chat/send-error";

export const QUOTE_DEBOUNCE_MS = 400;

export function useQuote(network: Network | undefined, body: string | undefined, enabled: boolean) {
  const [state, setState] = useState<{ quote?: Quote; loading: boolean; error?: string }>({ loading: false });
  const cache = useRef(new Map<string, Quote>());

  useEffect(() => {
    if (!enabled || !network || !body) {
      setState({ loading: false });
      return;
    }
    const hit = cache.current.get(body);
    if (hit && Date.now() - hit.receivedAt < 60_000) {
      setState({ quote: hit, loading: false });
      return;
    }
    const ctrl = new AbortController();
    setState((s) => ({ quote: s.quote, loading: true }));
    const t = setTimeout(async () => {
      try {
        const q = await fetchQuote(network, body, ctrl.signal);
        if (cache.current.size > 50) cache.current.clear();
        cache.current.set(body, q);
        if (!ctrl.signal.aborted) setState({ quote: q, loading: false });
      } catch (e) {
        if (!ctrl.signal.aborted) setState({ loading: false, error: toSendError(e).message });
      }
    }, QUOTE_DEBOUNCE_MS);
    return () => {
      clearTimeout(t);
      ctrl.abort();
    };
  }, [network, body, enabled]);

  const current = state.quote && state.quote.body === body ? state.quote : undefined;
  return { quote: current, loading: state.loading, error: state.error, cached: (b: string) => cache.current.get(b) };
}
