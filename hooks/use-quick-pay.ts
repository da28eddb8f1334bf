"use client";
/**
 * The connected wallet's quick pay session on a network, as the header and the composer see it: the session
 * record (live from IndexedDB, so a session of a closed tab is found on the next visit), its USDC balance read
 * from the chain, and the time left. Small and in the first load; the session's code loads on demand.
 */
import { useEffect, useState } from "react";
import { useLiveQuery } from "dexie-react-hooks";
import { useAccount } from "wagmi";
import type { Address } from "viem";
import { listActiveQuickPaySessions } from "@/lib/db/quickpay";
import type { StoredQuickPaySession } from "@/lib/db/types";
import type { Network } from "@/lib/networks";
import { parseAtomic } from "@/lib/money";
import { preloadQuickPayCode } from "@/lib/quickpay/loader";
import { useUsdcBalance } from "./use-usdc-balance";

export interface QuickPayView {
  session?: StoredQuickPaySession;
  /** Chain balance of the session key (undefined while reading). */
  balance?: bigint;
  cap?: bigint;
  msLeft?: number;
  expired: boolean;
  /** Whether a message of `amount` is paid by the session (open, not expired, under its cap and balance). */
  covers(amount: bigint | undefined): boolean;
  /** Why not, in plain words, when there is a session. */
  whyNot(amount: bigint | undefined): string | undefined;
}

/** The clock, re-read every `everyMs` and whenever `key` changes (a new session shows its full time at once). */
function useNow(everyMs: number, key: string | undefined) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!key) return;
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const t = setInterval(tick, everyMs);
    return () => (clearTimeout(first), clearInterval(t));
  }, [everyMs, key]);
  return now;
}

export function useQuickPay(network: Network | undefined): QuickPayView {
  const { address } = useAccount();
  const sessions = useLiveQuery(() => (address ? listActiveQuickPaySessions(address) : Promise.resolve([])), [address]);
  const session = sessions?.find((s) => s.networkId === network?.id);
  const { data: balance } = useUsdcBalance(network, session?.address as Address | undefined);
  const now = useNow(15_000, session?.id);
  const msLeft = session ? Math.max(0, session.expiresAt - now) : undefined;
  const expired = !!session && msLeft === 0;
  const cap = session ? parseAtomic(session.cap) : undefined;
  // An open session (found after a reload too) will pay the next message: its code loads now, after the first
  // paint, not on that message's Send.
  const open = session?.state === "open";
  useEffect(() => {
    if (open) preloadQuickPayCode();
  }, [open]);

  const whyNot = (amount: bigint | undefined): string | undefined => {
    if (!session) return undefined;
    if (session.state !== "open") return session.state === "funding" ? "the session's top-up is not confirmed yet" : "the session is ending";
    if (expired) return "the quick pay session has expired";
    if (amount === undefined) return "the price is not known yet";
    if (cap !== undefined && amount > cap) return "this message is above the session's cap";
    if (balance !== undefined && amount > balance) return "the session's balance is below this price";
    return undefined;
  };
  return {
    session, balance, cap, msLeft, expired,
    covers: (amount) => !!session && whyNot(amount) === undefined,
    whyNot,
  };
}

/** "52 min left", "1 h 5 min left", "expired". */
export function timeLeftText(ms: number | undefined): string {
  if (ms === undefined) return "";
  if (ms <= 0) return "expired";
  const min = Math.ceil(ms / 60_000);
  return min > 60 ? `${Math.floor(min / 60)} h ${min % 60} min left` : `${min} min left`;
}
