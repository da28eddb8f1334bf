"use client";
/** Open and end a quick pay session from the header (bar or phone menu): the steps as one line of status each. */
import { useCallback, useEffect, useState } from "react";
import { useAccount, useConfig } from "wagmi";
import type { Network } from "@/lib/networks";
import type { StoredQuickPaySession } from "@/lib/db/types";
import { formatUsdc } from "@/lib/money";
import { loadQuickPayCode } from "@/lib/quickpay/loader";
import { useRefreshUsdcBalances } from "@/hooks/use-usdc-balance";

export type QuickPayNote = { text: string; tone: "busy" | "ok" | "error" };

function walletErrorText(e: unknown): string {
  const err = e as { shortMessage?: string; message?: string; name?: string; code?: number; cause?: { code?: number } };
  if (err?.name === "UserRejectedRequestError" || err?.code === 4001 || err?.cause?.code === 4001) return "You declined in the wallet. No USDC moved.";
  return err?.shortMessage ?? err?.message ?? String(e);
}

export function useQuickPayActions(network: Network | undefined) {
  const config = useConfig();
  const { address } = useAccount();
  const refresh = useRefreshUsdcBalances();
  const [note, setNote] = useState<QuickPayNote>();
  useEffect(() => {
    if (note?.tone !== "ok") return;
    const t = setTimeout(() => setNote(undefined), 6000);
    return () => clearTimeout(t);
  }, [note]);

  const open = useCallback(
    async (o: { amount: bigint; cap: bigint; minutes: number }): Promise<boolean> => {
      if (!network || !address) return false;
      setNote({ text: "Confirm the transfer to the session in your wallet…", tone: "busy" });
      try {
        const qp = await loadQuickPayCode();
        const main = qp.wagmiFundingWallet(config, address);
        const chain = main.chain;
        // Say when the wallet has answered and the chain is being waited for.
        main.chain = (n) => (setNote({ text: "Waiting for the transfer to confirm…", tone: "busy" }), chain(n));
        await qp.openSession({ network, main, amount: o.amount, cap: o.cap, expiresAt: Date.now() + o.minutes * 60_000 });
        setNote({ text: `Quick pay is on: ${formatUsdc(o.amount)} USDC in the session.`, tone: "ok" });
        await refresh();
        return true;
      } catch (e) {
        setNote({ text: walletErrorText(e), tone: "error" });
        return false;
      }
    },
    [network, address, config, refresh],
  );

  const end = useCallback(
    async (session: StoredQuickPaySession) => {
      if (!network || !address) return;
      setNote({ text: "Confirm the return in your wallet…", tone: "busy" });
      try {
        const qp = await loadQuickPayCode();
        const r = await qp.endSession({ session, network, main: qp.wagmiFundingWallet(config, address) });
        setNote({ text: `Session ended: ${formatUsdc(r.returned)} USDC returned to your wallet.`, tone: "ok" });
        await refresh();
      } catch (e) {
        setNote({ text: walletErrorText(e), tone: "error" });
      }
    },
    [network, address, config, refresh],
  );

  /** A session found still "funding" with its transfer sent (its tab closed before the receipt): finish that step. */
  const resume = useCallback(
    async (session: StoredQuickPaySession) => {
      if (!network || session.networkId !== network.id || !session.fundTx) return;
      const qp = await loadQuickPayCode();
      await qp.confirmFunding(session, network, { chain: qp.wagmiFundingWallet(config, session.mainWallet as `0x${string}`).chain }).catch(
        (e: Error) => setNote({ text: e.message, tone: "error" }),
      );
    },
    [network, config],
  );

  return { open, end, resume, note, clearNote: () => setNote(undefined), busy: note?.tone === "busy" };
}
