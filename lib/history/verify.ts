/**
 * Agreement with the chain. For each payment the USDC contract is asked whether its authorization was used
 * (`authorizationState(payer, nonce)`), and the settlement transaction's `AuthorizationUsed` / `Transfer` logs are
 * read to learn how much moved, and to whom:
 *   verified     the transaction used this authorization and moved exactly the recorded amount to the recorded payee
 *   mismatch     it used this authorization but moved another amount, or paid someone else (or reverted)
 *   not_found    recorded as charged, but the chain knows no such settlement
 *   not_charged  nothing moved, and nothing can move any more (refused, failed, never signed, or expired unused)
 *   pending      signed, not settled yet, and still valid: it may settle
 *   unavailable  the chain could not be asked (network not configured, RPC down, another devnet)
 * A payment whose nonce is used on chain is settled whatever its stored status says (the reply may never have
 * arrived); one signed but unused after its validBefore can never settle and is not charged.
 *
 * Batched: the nonces of a chunk are read with one Multicall3 call, and the receipts go out together (give the
 * client an http transport with `batch: true` to send them in one request).
 */
import type { Address, Hex, PublicClient } from "viem";
import type { PaymentStatus, StoredPayment } from "../db/types";
import { isCharged } from "../db/payments";
import { db as appDb, type ChatDatabase } from "../db/schema";
import { formatUsdc, parseAtomic } from "../money";
import { findSettlementOnChain, usdcSettlementAbi, verifyPaymentOnChain } from "../x402/settlement";

export type CheckState = "verified" | "mismatch" | "not_found" | "not_charged" | "pending" | "unavailable";

export interface PaymentCheck {
  id: string;
  state: CheckState;
  /** For a person: what the chain says. */
  detail: string;
  /** What the settlement of this authorization moved (when found). */
  onChainValue?: bigint;
  onChainTo?: string;
  txHash?: Hex;
  /** What the stored payment becomes: settled with its transaction, or not charged. */
  update?: { status: PaymentStatus; txHash?: string; reason?: string };
}

/** How to read one network's chain. */
export interface ChainAccess {
  client: PublicClient;
  usdc: Address;
  chainId: number;
  /** Multicall3 (the canonical address on Base and on the devnet); without it the nonces are read one by one. */
  multicallAddress?: Address;
  /** A block from before the payment, to search the logs from (public RPCs refuse wide ranges). */
  fromBlock?(createdAt: number): Promise<bigint | undefined>;
}

export const MULTICALL3: Address = "0xcA11bde05977b3631167028862bE2a173976CA11";


export const NEVER_SETTLED_REASON = "Never settled: the authorization expired unused (checked on chain). Not charged.";

const errText = (e: unknown) => (e instanceof Error ? (e as { shortMessage?: string }).shortMessage ?? e.message : String(e)).slice(0, 200);

async function readNonces(access: ChainAccess, items: { payer: Address; nonce: Hex }[]): Promise<(boolean | Error)[]> {
  if (items.length === 0) return [];
  const contracts = items.map((i) => ({
    address: access.usdc, abi: usdcSettlementAbi, functionName: "authorizationState" as const, args: [i.payer, i.nonce] as const,
  }));
  if (access.multicallAddress) {
    try {
      const res = await access.client.multicall({ contracts, allowFailure: true, multicallAddress: access.multicallAddress });
      return res.map((r) => (r.status === "success" ? (r.result as boolean) : new Error(errText(r.error))));
    } catch {
      // No Multicall3 on this chain after all: read one by one below.
    }
  }
  return Promise.all(contracts.map((c) => access.client.readContract(c).then((v) => v as boolean, (e: unknown) => new Error(errText(e)))));
}

function withTx(p: StoredPayment, tx: Hex | undefined): PaymentCheck["update"] {
  if (p.status === "settled" && (!tx || p.txHash?.toLowerCase() === tx.toLowerCase())) return undefined;
  return tx ? { status: "settled", txHash: tx } : { status: "settled" };
}

/** The nonce is used: find the transaction and compare what it moved with the record. */
async function checkUsed(p: StoredPayment, access: ChainAccess): Promise<PaymentCheck> {
  const payer = p.payer as Address;
  const nonce = p.nonce as Hex;
  const expectedValue = parseAtomic(p.amount);
  const verify = (txHash: Hex) =>
    verifyPaymentOnChain({ client: access.client, usdc: access.usdc, txHash, payer, nonce, expectedValue, expectedTo: p.payTo as Address });

  let tx = p.txHash as Hex | undefined;
  let v = tx ? await verify(tx) : undefined;
  // No transaction recorded, or the recorded one is not this authorization's: look it up by (payer, nonce).
  if (!v || v.status === "not_found" || (v.status === "mismatch" && v.value === undefined)) {
    const found = await findSettlementOnChain({
      client: access.client, usdc: access.usdc, payer, nonce, fromBlock: await access.fromBlock?.(p.createdAt),
    });
    if (found.transaction && found.transaction.toLowerCase() !== tx?.toLowerCase()) {
      tx = found.transaction;
      v = await verify(tx);
    }
  }
  if (!v || !tx) {
    return {
      id: p.id, state: "not_found", update: withTx(p, undefined),
      detail: "The chain says this authorization was used, but its transaction was not found in the searched blocks.",
    };
  }
  if (v.status === "not_found") return { id: p.id, state: "not_found", detail: v.detail, update: withTx(p, undefined) };
  return {
    id: p.id,
    state: v.status,
    detail: v.detail,
    txHash: tx,
    onChainValue: v.value,
    onChainTo: v.to,
    update: withTx(p, tx),
  };
}

/**
 * `chainSeconds`: the timestamp of a block read before the nonces (a nonce once used stays used, so "unused now"
 * holds at that block too). USDC refuses an authorization once block.timestamp >= validBefore, so an unused one
 * past that block time can never be used: not charged, proven. The chain's clock decides, not the browser's.
 */
function checkUnused(p: StoredPayment, chainSeconds: number | undefined): PaymentCheck {
  if (p.status === "settled") {
    return {
      id: p.id, state: "not_found",
      detail: `Recorded as paid${p.txHash ? ` in ${p.txHash}` : ""}, but the chain says this authorization was never used: no USDC moved.`,
    };
  }
  if (p.status === "signed" || p.status === "unknown") {
    const before = p.validBefore ? Number(p.validBefore) : undefined;
    if (before !== undefined && chainSeconds !== undefined && chainSeconds >= before) {
      return {
        id: p.id, state: "not_charged", detail: NEVER_SETTLED_REASON,
        update: { status: "expired", reason: NEVER_SETTLED_REASON },
      };
    }
    return { id: p.id, state: "pending", detail: "Signed and not settled yet; it may still settle until its authorization expires." };
  }
  return { id: p.id, state: "not_charged", detail: "The chain agrees: this authorization was never used, no USDC moved." };
}

/**
 * Checks payments against their chains. `accessFor` returns how to read a payment's network, or a reason why it
 * cannot be read. Results come back in the order of `payments`.
 */
export async function checkPayments(
  payments: readonly StoredPayment[],
  accessFor: (p: StoredPayment) => ChainAccess | string,
  opts: { chunkSize?: number; onProgress?(done: number, total: number): void } = {},
): Promise<PaymentCheck[]> {
  const chunkSize = opts.chunkSize ?? 250;
  const out: PaymentCheck[] = [];
  for (let start = 0; start < payments.length; start += chunkSize) {
    const chunk = payments.slice(start, start + chunkSize);
    out.push(...(await checkChunk(chunk, accessFor)));
    opts.onProgress?.(Math.min(start + chunkSize, payments.length), payments.length);
  }
  return out;
}

async function checkChunk(chunk: readonly StoredPayment[], accessFor: (p: StoredPayment) => ChainAccess | string) {
  const results = new Map<string, PaymentCheck>();
  const groups = new Map<ChainAccess, StoredPayment[]>();
  for (const p of chunk) {
    if (!p.nonce || !p.payer) {
      results.set(p.id, isCharged(p)
        ? { id: p.id, state: "not_found", detail: "Recorded as charged, but no authorization (nonce) was recorded to look for." }
        : { id: p.id, state: "not_charged", detail: "Never signed: no USDC can have moved." });
      continue;
    }
    const access = accessFor(p);
    if (typeof access === "string") {
      results.set(p.id, { id: p.id, state: "unavailable", detail: access });
      continue;
    }
    if (access.chainId !== p.chainId || access.usdc.toLowerCase() !== p.asset.toLowerCase()) {
      results.set(p.id, {
        id: p.id, state: "unavailable",
        detail: `Recorded for USDC ${p.asset} on chain ${p.chainId}; this app now reads ${access.usdc} on chain ${access.chainId} (another devnet?).`,
      });
      continue;
    }
    const g = groups.get(access);
    if (g) g.push(p);
    else groups.set(access, [p]);
  }
  await Promise.all(
    [...groups].map(async ([access, ps]) => {
      const block = await access.client.getBlock({ blockTag: "latest" }).catch(() => undefined);
      const used = await readNonces(access, ps.map((p) => ({ payer: p.payer as Address, nonce: p.nonce as Hex })));
      const chainSeconds = block ? Number(block.timestamp) : undefined;
      await Promise.all(
        ps.map(async (p, i) => {
          const u = used[i];
          if (u instanceof Error) {
            results.set(p.id, { id: p.id, state: "unavailable", detail: `Could not read the chain: ${u.message}` });
            return;
          }
          try {
            results.set(p.id, u ? await checkUsed(p, access) : checkUnused(p, chainSeconds));
          } catch (e) {
            results.set(p.id, { id: p.id, state: "unavailable", detail: `Could not read the chain: ${errText(e)}` });
          }
        }),
      );
    }),
  );
  return chunk.map((p) => results.get(p.id)!);
}

/** The stored status after the check's update (what the history shows). */
export function statusAfter(p: StoredPayment, c: PaymentCheck | undefined): PaymentStatus {
  return c?.update?.status ?? p.status;
}

export interface VerificationSummary {
  /** Charged payments (after the chain's corrections): the M of "N of M". */
  charged: number;
  verified: number;
  mismatch: number;
  notFound: number;
  pending: number;
  notCharged: number;
  unavailable: number;
  /** What the history records as charged. */
  recorded: bigint;
  /** What the chain shows moved for these payments' authorizations. */
  onChain: bigint;
  text: string;
}

export function summarizeChecks(payments: readonly StoredPayment[], checks: readonly PaymentCheck[]): VerificationSummary {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const s = { charged: 0, verified: 0, mismatch: 0, notFound: 0, pending: 0, notCharged: 0, unavailable: 0, recorded: 0n, onChain: 0n };
  for (const p of payments) {
    const c = byId.get(p.id);
    if (isCharged({ status: statusAfter(p, c) })) {
      s.charged++;
      s.recorded += parseAtomic(p.amount);
    }
    if (!c) continue;
    if (c.onChainValue !== undefined) s.onChain += c.onChainValue;
    if (c.state === "verified") s.verified++;
    else if (c.state === "mismatch") s.mismatch++;
    else if (c.state === "not_found") s.notFound++;
    else if (c.state === "pending") s.pending++;
    else if (c.state === "not_charged") s.notCharged++;
    else s.unavailable++;
  }
  const text =
    `${s.verified} of ${s.charged} payment${s.charged === 1 ? "" : "s"} verified on chain; ` +
    `${formatUsdc(s.recorded)} USDC recorded, ${formatUsdc(s.onChain)} USDC on chain`;
  return { ...s, text };
}

/** Writes the chain's corrections (settled with the transaction, or not charged) to the stored payments. */
export async function applyChecks(checks: readonly PaymentCheck[], d: ChatDatabase = appDb()): Promise<number> {
  const updates = checks.filter((c) => c.update);
  if (updates.length === 0) return 0;
  const now = Date.now();
  await d.transaction("rw", d.payments, async () => {
    for (const c of updates) await d.payments.update(c.id, { ...c.update, updatedAt: now });
  });
  return updates.length;
}
