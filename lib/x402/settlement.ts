/**
 * Where a payment ended up. The gateway may say so (`PAYMENT-RESPONSE`, or BlockRun's `X-Payment-Receipt`), but
 * on a streamed reply it may not: then the chain answers. USDC records every used EIP-3009 nonce
 * (`authorizationState`) and emits `AuthorizationUsed(authorizer, nonce)` next to the `Transfer`, so a payment
 * can be found from (payer, nonce) alone, and a recorded transaction can be checked against what was signed.
 */
import { z } from "zod";
import { decodePaymentResponseHeader } from "@x402/core/http";
import {
  getAddress,
  parseAbi,
  parseEventLogs,
  type Address,
  type Hex,
  type Log,
  type PublicClient,
  type TransactionReceipt,
} from "viem";
import { formatUsdc } from "../money";
import { isRecord } from "./http-body";

export interface Settlement {
  success: boolean;
  /** The settlement transaction (absent when the gateway reports a failure). */
  transaction?: Hex;
  network?: string;
  payer?: string;
  /** Settled amount in atomic units, when the gateway says (schemes like `upto`). */
  amount?: string;
  errorReason?: string;
  errorMessage?: string;
  source: "payment-response" | "receipt";
}

export interface SettlementReading {
  settlement?: Settlement;
  /** Why a settlement header that was present could not be used. */
  problem?: string;
}

const MAX_HEADER_CHARS = 16 * 1024;
const txHash = z.string().regex(/^0x[0-9a-fA-F]{64}$/);
const settleSchema = z
  .object({
    success: z.boolean(),
    transaction: z.string().optional(),
    network: z.string().optional(),
    payer: z.string().optional(),
    amount: z.string().optional(),
    errorReason: z.string().optional(),
    errorMessage: z.string().optional(),
  })
  .passthrough();

/** The settlement the gateway reported, or undefined (none, or unreadable: see `inspectSettlement`). Never throws. */
export function readSettlement(res: Response | Headers): Settlement | undefined {
  return inspectSettlement(res).settlement;
}

/** Like `readSettlement`, and says why a header that was there could not be used. Never throws. */
export function inspectSettlement(res: Response | Headers): SettlementReading {
  try {
    const headers = res instanceof Headers ? res : res.headers;
    const problems: string[] = [];
    const raw = headers.get("PAYMENT-RESPONSE") ?? headers.get("X-PAYMENT-RESPONSE");
    if (raw !== null) {
      const r = decodeSettleHeader(raw);
      if (r.settlement) return r;
      problems.push(r.problem!);
    }
    const receipt = headers.get("X-Payment-Receipt");
    if (receipt !== null) {
      const hash = receipt.trim();
      if (txHash.safeParse(hash).success) {
        return { settlement: { success: true, transaction: hash as Hex, source: "receipt" }, ...(problems.length ? { problem: problems[0] } : {}) };
      }
      problems.push(`X-Payment-Receipt is not a transaction hash: "${hash.slice(0, 80)}"`);
    }
    return problems.length ? { problem: problems.join("; ") } : {};
  } catch (e) {
    return { problem: `settlement headers unreadable: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function decodeSettleHeader(raw: string): SettlementReading {
  if (raw.length > MAX_HEADER_CHARS) return { problem: `PAYMENT-RESPONSE is ${raw.length} characters long; ignored` };
  let decoded: unknown;
  try {
    decoded = decodePaymentResponseHeader(raw.trim());
  } catch {
    return { problem: "PAYMENT-RESPONSE is not base64 of JSON" };
  }
  const r = settleSchema.safeParse(decoded);
  if (!r.success) return { problem: "PAYMENT-RESPONSE is not a settlement response" };
  const s = r.data;
  const tx = s.transaction && txHash.safeParse(s.transaction).success ? (s.transaction as Hex) : undefined;
  if (s.success && !tx) return { problem: `PAYMENT-RESPONSE reports success without a transaction hash ("${String(s.transaction).slice(0, 80)}")` };
  const short = (v: string | undefined, n: number) => (v === undefined ? undefined : v.slice(0, n));
  const settlement: Settlement = { success: s.success, source: "payment-response" };
  if (tx) settlement.transaction = tx;
  if (s.network !== undefined) settlement.network = short(s.network, 64);
  if (s.payer !== undefined) settlement.payer = short(s.payer, 64);
  if (s.amount !== undefined) settlement.amount = short(s.amount, 40);
  if (s.errorReason !== undefined) settlement.errorReason = short(s.errorReason, 200);
  if (s.errorMessage !== undefined) settlement.errorMessage = short(s.errorMessage, 500);
  return { settlement };
}

export const usdcSettlementAbi = parseAbi([
  "function authorizationState(address authorizer, bytes32 nonce) view returns (bool)",
  "event AuthorizationUsed(address indexed authorizer, bytes32 indexed nonce)",
  "event Transfer(address indexed from, address indexed to, uint256 value)",
]);

export interface OnChainSettlement {
  /** The nonce is used on chain: the authorization was executed (or, rarely, cancelled by the payer). */
  used: boolean;
  transaction?: Hex;
  value?: bigint;
  to?: Address;
  blockNumber?: bigint;
}

/** Blocks searched per eth_getLogs call (public RPCs refuse wide ranges). */
export const LOG_BLOCK_RANGE = 10_000n;

/**
 * Finds the payment signed with (payer, nonce). `fromBlock` should be a block from before the signature (for
 * example the latest block when the payment was recorded); without it the last LOG_BLOCK_RANGE blocks are
 * searched. `used: true` without a transaction means the nonce is spent but its log lies outside the range.
 */
export async function findSettlementOnChain(opts: {
  client: PublicClient;
  usdc: Address;
  payer: Address;
  nonce: Hex;
  fromBlock?: bigint;
}): Promise<OnChainSettlement> {
  const { client, usdc, payer, nonce } = opts;
  const used = await client.readContract({ address: usdc, abi: usdcSettlementAbi, functionName: "authorizationState", args: [payer, nonce] });
  if (!used) return { used: false };

  // cacheTime 0: viem caches the block number, and the settlement may be in the block that just arrived.
  const latest = await client.getBlockNumber({ cacheTime: 0 });
  let from = opts.fromBlock ?? (latest >= LOG_BLOCK_RANGE ? latest - LOG_BLOCK_RANGE + 1n : 0n);
  for (; from <= latest; from += LOG_BLOCK_RANGE) {
    const to = from + LOG_BLOCK_RANGE - 1n < latest ? from + LOG_BLOCK_RANGE - 1n : latest;
    const logs = await client.getLogs({
      address: usdc,
      event: usdcSettlementAbi[1],
      args: { authorizer: payer, nonce },
      fromBlock: from,
      toBlock: to,
    });
    const log = logs.find((l) => l.transactionHash);
    if (log?.transactionHash) {
      const receipt = await client.getTransactionReceipt({ hash: log.transactionHash });
      const transfer = transferFrom(receipt, usdc, payer, log.logIndex ?? undefined);
      return {
        used: true,
        transaction: log.transactionHash,
        blockNumber: receipt.blockNumber,
        ...(transfer ? { value: transfer.value, to: transfer.to } : {}),
      };
    }
  }
  return { used: true };
}

/** The USDC Transfer from `payer` in the receipt: the one just before the AuthorizationUsed log when known. */
function transferFrom(receipt: TransactionReceipt, usdc: Address, payer: Address, authLogIndex?: number) {
  const transfers = parseEventLogs({ abi: usdcSettlementAbi, eventName: "Transfer", logs: receipt.logs as Log[] }).filter(
    (l) => l.address.toLowerCase() === usdc.toLowerCase() && l.args.from.toLowerCase() === payer.toLowerCase(),
  );
  if (transfers.length === 0) return undefined;
  const before = authLogIndex === undefined ? [] : transfers.filter((t) => t.logIndex !== null && t.logIndex < authLogIndex);
  const t = before.length ? before[before.length - 1] : transfers[0];
  return { value: t.args.value, to: getAddress(t.args.to), logIndex: t.logIndex };
}

export type VerificationStatus = "verified" | "not_found" | "mismatch";

export interface PaymentVerification {
  status: VerificationStatus;
  /** For a person: what was found, or what differs. */
  detail: string;
  blockNumber?: bigint;
  value?: bigint;
  to?: Address;
}

/**
 * Checks a recorded settlement transaction against what was signed: it succeeded, it used this (payer, nonce)
 * authorization on this USDC contract, and it moved `expectedValue` to `expectedTo`.
 */
export async function verifyPaymentOnChain(opts: {
  client: PublicClient;
  usdc: Address;
  txHash: Hex;
  payer: Address;
  nonce: Hex;
  expectedValue: bigint;
  expectedTo: Address;
}): Promise<PaymentVerification> {
  const { client, usdc, txHash, payer, nonce } = opts;
  let receipt: TransactionReceipt;
  try {
    receipt = await client.getTransactionReceipt({ hash: txHash });
  } catch (e) {
    if (isNotFound(e)) return { status: "not_found", detail: `Transaction ${txHash} is not on this chain (yet).` };
    throw e;
  }
  if (receipt.status !== "success") {
    return { status: "mismatch", detail: `Transaction ${txHash} reverted: no USDC moved.`, blockNumber: receipt.blockNumber };
  }
  const auth = parseEventLogs({ abi: usdcSettlementAbi, eventName: "AuthorizationUsed", logs: receipt.logs as Log[] }).find(
    (l) =>
      l.address.toLowerCase() === usdc.toLowerCase() &&
      l.args.authorizer.toLowerCase() === payer.toLowerCase() &&
      l.args.nonce.toLowerCase() === nonce.toLowerCase(),
  );
  if (!auth) {
    return {
      status: "mismatch",
      detail: `Transaction ${txHash} did not use this payment's authorization (payer ${payer}, nonce ${nonce}).`,
      blockNumber: receipt.blockNumber,
    };
  }
  const transfer = transferFrom(receipt, usdc, payer, auth.logIndex ?? undefined);
  if (!transfer) {
    return { status: "mismatch", detail: `Transaction ${txHash} used the authorization but moved no USDC from ${payer}.`, blockNumber: receipt.blockNumber };
  }
  const base = { blockNumber: receipt.blockNumber, value: transfer.value, to: transfer.to };
  if (transfer.value !== opts.expectedValue) {
    return { ...base, status: "mismatch", detail: `Transaction ${txHash} moved ${formatUsdc(transfer.value)} USDC, not the ${formatUsdc(opts.expectedValue)} USDC signed for.` };
  }
  if (transfer.to.toLowerCase() !== opts.expectedTo.toLowerCase()) {
    return { ...base, status: "mismatch", detail: `Transaction ${txHash} paid ${transfer.to}, not ${opts.expectedTo}.` };
  }
  return { ...base, status: "verified", detail: `Settled in block ${receipt.blockNumber}: ${formatUsdc(transfer.value)} USDC to ${transfer.to}.` };
}

function isNotFound(e: unknown): boolean {
  for (let cur = e, i = 0; isRecord(cur) || cur instanceof Error; i++) {
    const name = (cur as { name?: string }).name;
    if (name === "TransactionReceiptNotFoundError" || name === "TransactionNotFoundError") return true;
    if (i > 5) break;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}
