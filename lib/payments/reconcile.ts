/**
 * Asking the chain what became of a signed payment. USDC records every used EIP-3009 nonce
 * (`authorizationState(payer, nonce)`) and refuses an authorization once `block.timestamp >= validBefore`. So,
 * read at one block:
 *   nonce used                           -> settled (the transaction is looked up and checked against the record)
 *   unused, block time >= validBefore    -> expired: it can never be used, the wallet was not charged (proven)
 *   unused, still valid                  -> still open: anyone holding the signature could yet submit it
 * The chain's clock decides expiry, not the browser's.
 */
import type { Address, Hex, PublicClient } from "viem";
import type { StoredPayment } from "../db/types";
import { db as appDb, type ChatDatabase } from "../db/schema";
import { getPayment, listUnsettledPayments, updatePayment } from "../db/payments";
import type { NetworkId } from "../networks";
import { parseAtomic } from "../money";
import { findSettlementOnChain, usdcSettlementAbi, verifyPaymentOnChain } from "../x402/settlement";
import { PAYMENT_STATUS, type PaymentStatus } from "./status";
import { heldPaymentIds } from "./owner-lock";
import { releaseReservation } from "./reserve";

export interface Reconciled {
  status: PaymentStatus;
  txHash?: Hex;
  reason?: string;
}

const EXPIRED_REASON = "The chain shows this signature was never used and it has expired: not charged.";

/** What the chain says about one signed payment (one with a nonce). Throws when the chain cannot be read. */
export async function readOutcome(p: StoredPayment, client: PublicClient, usdc: Address): Promise<Reconciled | undefined> {
  if (!p.nonce) return undefined;
  const payer = p.payer as Address;
  const nonce = p.nonce as Hex;
  const block = await client.getBlock({ blockTag: "latest" });
  const used = await client.readContract({
    address: usdc, abi: usdcSettlementAbi, functionName: "authorizationState", args: [payer, nonce], blockNumber: block.number,
  });
  if (used) {
    // The recorded transaction (the gateway's word) is checked first; otherwise it is found by (payer, nonce).
    if (p.txHash) {
      const v = await verifyPaymentOnChain({
        client, usdc, txHash: p.txHash as Hex, payer, nonce, expectedValue: parseAtomic(p.amount), expectedTo: p.payTo as Address,
      });
      if (v.status === "verified") return { status: "settled", txHash: p.txHash as Hex };
    }
    const found = await findSettlementOnChain({ client, usdc, payer, nonce });
    return found.transaction
      ? { status: "settled", txHash: found.transaction }
      : { status: "settled", reason: "The chain shows this authorization was used; its transaction is outside the searched blocks." };
  }
  if (p.validBefore && block.timestamp >= BigInt(p.validBefore)) return { status: "expired", reason: EXPIRED_REASON };
  return { status: "unknown" };
}

/** Reads the chain for one payment and writes what it proves. Returns the new status, or undefined if unreadable. */
export async function reconcilePayment(
  paymentId: string,
  client: PublicClient,
  usdc: Address,
  d: ChatDatabase = appDb(),
): Promise<PaymentStatus | undefined> {
  const p = await getPayment(paymentId, d);
  if (!p || PAYMENT_STATUS[p.status].final || !p.nonce) return p?.status;
  let outcome: Reconciled | undefined;
  try {
    outcome = await readOutcome(p, client, usdc);
  } catch {
    return undefined; // the RPC is down or refuses: try again later
  }
  if (!outcome) return p.status;
  if (outcome.status === "unknown") {
    // Still open. A settlement the gateway reported but the chain does not know is said as such.
    const reason = p.txHash
      ? `The gateway reported transaction ${p.txHash.slice(0, 12)}…, but the chain does not show it used yet.`
      : p.reason;
    await updatePayment(p.id, { status: p.status === "signed" ? "signed" : "unknown", reason }, d);
    return p.status;
  }
  await updatePayment(p.id, { status: outcome.status, ...(outcome.txHash ? { txHash: outcome.txHash } : {}), ...(outcome.reason ? { reason: outcome.reason } : {}) }, d);
  return outcome.status;
}

/**
 * On every app load, on the history page, and while anything is open: payments whose tab is gone are settled
 * from what is proven. "quoted" with no owner and no nonce -> released (its tab closed before the wallet was
 * asked: no signature exists); "quoted" with a nonce (the wallet was asked, and its signed request may have left
 * before "signed" was written), "signed" and "unknown" with no owner -> asked of the chain.
 */
export async function reconcileOpenPayments(
  clientFor: (networkId: NetworkId) => { client: PublicClient; usdc: Address } | undefined,
  d: ChatDatabase = appDb(),
): Promise<{ open: number }> {
  const held = await heldPaymentIds();
  const all = await listUnsettledPayments(d);
  const rows = all.filter((p) => !held.has(p.id));
  // Those another tab is working on are still open: that tab settles them, or we do once it is gone.
  let open = all.length - rows.length;
  for (const p of rows) {
    if (p.status === "quoted" && !p.nonce) {
      await releaseReservation(p.id, d); // its tab closed before the wallet was asked: no signature exists
      continue;
    }
    if (p.status === "signed" || p.status === "quoted") await updatePayment(p.id, { status: "unknown" }, d);
    const chain = clientFor(p.networkId);
    const status = chain ? await reconcilePayment(p.id, chain.client, chain.usdc, d) : undefined;
    if (!status || !PAYMENT_STATUS[status].final) open++;
  }
  return { open };
}
