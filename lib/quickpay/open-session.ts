/**
 * Opening a session: a fresh key made here, sealed (key-vault.ts) and written down with the session BEFORE the
 * wallet is asked to fund it, so a tab closed at any point leaves a record to find the money by. Then one
 * ordinary USDC transfer from the main wallet (one wallet prompt), its receipt, and the top-up movement.
 */
import type { Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { db as appDb, type ChatDatabase } from "../db/schema";
import type { StoredQuickPaySession } from "../db/types";
import { closeQuickPaySession, recordMovement, saveQuickPaySession, updateQuickPaySession } from "../db/quickpay";
import type { Network } from "../networks";
import { sealPrivateKey } from "./key-vault";
import type { FundingWallet } from "./funding-wallet";

export const RECEIPT_POLL_MS = 250;

export async function openSession(o: {
  network: Network;
  main: FundingWallet;
  amount: bigint;
  cap: bigint;
  expiresAt: number;
  d?: ChatDatabase;
}): Promise<StoredQuickPaySession> {
  const d = o.d ?? appDb();
  if (o.amount <= 0n || o.cap <= 0n) throw new Error("The amount and the per-message cap must be more than 0 USDC.");
  if (o.cap > o.amount) throw new Error("The per-message cap cannot be more than the session's amount.");
  if (o.expiresAt <= Date.now()) throw new Error("The session must end in the future.");
  const pk = generatePrivateKey();
  const address = privateKeyToAccount(pk).address;
  const sealed = await sealPrivateKey(pk);
  const s: StoredQuickPaySession = {
    id: crypto.randomUUID(), address, mainWallet: o.main.address, networkId: o.network.id, chainId: o.network.chainId,
    amount: o.amount.toString(), cap: o.cap.toString(), createdAt: Date.now(), expiresAt: o.expiresAt, state: "funding", ...sealed,
  };
  await saveQuickPaySession(s, d);

  let hash: Hex;
  try {
    hash = await o.main.write(o.network, { functionName: "transfer", args: [address, o.amount] });
  } catch (e) {
    // The wallet sent nothing (declined or failed before sending): the unfunded session ends, its key goes.
    await closeQuickPaySession(s.id, { returned: "0" }, d);
    throw e;
  }
  await updateQuickPaySession(s.id, { fundTx: hash }, d);
  await confirmFunding({ ...s, fundTx: hash }, o.network, o.main, d);
  return { ...s, fundTx: hash, state: "open" };
}

/** The top-up's receipt: a success records the movement and opens the session (also used for a found session). */
export async function confirmFunding(s: StoredQuickPaySession, network: Network, main: Pick<FundingWallet, "chain">, d: ChatDatabase = appDb()) {
  if (!s.fundTx) return;
  const receipt = await main.chain(network).waitForTransactionReceipt({ hash: s.fundTx as Hex, pollingInterval: RECEIPT_POLL_MS });
  if (receipt.status !== "success") {
    await closeQuickPaySession(s.id, { returned: "0" }, d);
    throw new Error("The top-up transaction failed on chain: no USDC moved. The session was closed.");
  }
  await d.transaction("rw", d.movements, d.quickPaySessions, async () => {
    await recordMovement({
      id: `top_up:${s.fundTx}`, sessionId: s.id, kind: "top_up", networkId: s.networkId, from: s.mainWallet, to: s.address,
      amount: s.amount, txHash: s.fundTx!, createdAt: Date.now(),
    }, d);
    const now = await d.quickPaySessions.get(s.id);
    if (now?.state === "funding") await updateQuickPaySession(s.id, { state: "open" }, d);
  });
}
