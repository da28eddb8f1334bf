/**
 * Ending a session returns everything it holds in one step: the session key signs a USDC ReceiveWithAuthorization
 * of its whole chain balance to the main wallet, and the main wallet submits it (only the payee may, so nobody can
 * front-run it elsewhere; the session key needs no ETH). After the receipt, and a balance read back as zero, the
 * key is deleted. A payment of the session still open on chain is waited for first (its settlement needs the USDC).
 */
import { bytesToHex, getAddress, parseSignature, type Hex } from "viem";
import { db as appDb, type ChatDatabase } from "../db/schema";
import type { StoredQuickPaySession } from "../db/types";
import { closeQuickPaySession, recordMovement, updateQuickPaySession } from "../db/quickpay";
import type { Network } from "../networks";
import { formatUsdc } from "../money";
import { OPEN_STATUSES } from "../payments/status";
import { usdcBalanceOf } from "../wallet/paying-wallet";
import type { FundingWallet } from "./funding-wallet";
import { confirmFunding, RECEIPT_POLL_MS } from "./open-session";
import { signReturn } from "./session-signer";
import { sessionKeySource } from "./session-wallet";

/** How long the return authorization is valid: the main wallet submits it at once. */
const RETURN_VALID_SECONDS = 3600n;

/**
 * A session whose top-up was never seen sent (the tab closed while the wallet's prompt was open, so no funding tx
 * was written down) may still be funded: the wallet can send that transfer later. Until this long after the
 * session was made, ending it on a zero balance is refused and its key is kept, so a late transfer can still be
 * returned; after it, the balance is read again and, still zero, the key goes. We chose a deadline over watching
 * the main wallet's transactions: the app never learns the tx hash, so it cannot know the transfer failed.
 */
export const FUNDING_GRACE_MS = 60 * 60_000;

export async function endSession(o: {
  session: StoredQuickPaySession;
  network: Network;
  main: FundingWallet;
  d?: ChatDatabase;
  now?: () => number;
}): Promise<{ returned: bigint; txHash?: Hex }> {
  const d = o.d ?? appDb();
  const s = (await d.quickPaySessions.get(o.session.id)) ?? o.session;
  if (s.state === "ended") return { returned: 0n };
  if (getAddress(o.main.address) !== getAddress(s.mainWallet)) {
    throw new Error(`Connect the wallet that funded this session (${s.mainWallet}) to end it: the rest goes back to it.`);
  }
  if (o.network.id !== s.networkId) throw new Error(`This session is on another network: switch the app to it to end the session.`);
  const open = await d.payments.where("payer").equals(s.address).filter((p) => (OPEN_STATUSES as readonly string[]).includes(p.status)).count();
  if (open > 0) throw new Error("A payment from this session is still being confirmed on chain; end the session again in a moment.");
  if (s.state === "funding" && s.fundTx) await confirmFunding(s, o.network, o.main, d).catch(() => {});

  const client = o.main.chain(o.network);
  const balance = await usdcBalanceOf(client, o.network, getAddress(s.address));
  const before = s.state;
  const unconfirmed = s.state === "funding" && !s.fundTx;
  const keepUntil = s.createdAt + FUNDING_GRACE_MS;
  if (unconfirmed && balance === 0n && (o.now ?? Date.now)() < keepUntil) {
    throw new Error(
      `This session's top-up was never confirmed here, and your wallet could still send it. Its key is kept until ` +
      `${new Date(keepUntil).toLocaleTimeString()} so such a transfer can be returned: reject any open prompt in your wallet, then end the session after that.`,
    );
  }
  await updateQuickPaySession(s.id, { state: "ending" }, d);
  let txHash: Hex | undefined;
  try {
    if (balance > 0n) {
      const nonce = bytesToHex(crypto.getRandomValues(new Uint8Array(32)));
      const validBefore = BigInt(Math.floor(Date.now() / 1000)) + RETURN_VALID_SECONDS;
      const { authorization: a, signature } = await signReturn(sessionKeySource(s), o.network, { mainWallet: getAddress(s.mainWallet), value: balance, validBefore, nonce });
      const sig = parseSignature(signature);
      const v = sig.v !== undefined ? Number(sig.v) : 27 + sig.yParity;
      txHash = await o.main.write(o.network, {
        functionName: "receiveWithAuthorization",
        args: [a.from, a.to, a.value, a.validAfter, a.validBefore, a.nonce, v, sig.r, sig.s],
      });
      const receipt = await client.waitForTransactionReceipt({ hash: txHash, pollingInterval: RECEIPT_POLL_MS });
      if (receipt.status !== "success") throw new Error("The return transaction failed on chain: the USDC is still in the session. Try “End session” again.");
      await recordMovement({
        id: `return:${txHash}`, sessionId: s.id, kind: "return", networkId: s.networkId, from: s.address, to: s.mainWallet,
        amount: balance.toString(), txHash, createdAt: Date.now(),
      }, d);
    }
    const after = await usdcBalanceOf(client, o.network, getAddress(s.address));
    if (after !== 0n) {
      throw new Error(`The session still holds ${formatUsdc(after)} USDC (it changed while ending); press “End session” again.`);
    }
  } catch (e) {
    await updateQuickPaySession(s.id, { state: before === "ending" ? "open" : before }, d);
    throw e;
  }
  await closeQuickPaySession(s.id, { returnTx: txHash, returned: balance.toString() }, d);
  return { returned: balance, txHash };
}
