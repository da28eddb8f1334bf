/**
 * The quote guard: nothing is signed unless the 402's terms match the network table and the person's limits.
 *
 * Every field that decides where money goes or what a signature authorises is compared with `lib/networks.ts`,
 * never with the 402 itself: scheme, chain, token contract, the token's EIP-712 domain (a wrong domain is how a
 * hostile gateway gets a signature for another token), recipient, and signature lifetime. Then the amount is
 * checked against the per-message cap and the optional daily / per-conversation limits.
 */
import type { PaymentRequirements } from "@x402/core/types";
import type { Network } from "../networks";
import { formatUsdc } from "../money";
import { isRecord } from "./http-body";

export { DEFAULT_PER_MESSAGE_CAP } from "./default-cap";
import { DEFAULT_PER_MESSAGE_CAP } from "./default-cap";
/** A signature valid longer than 15 minutes is refused. */
export const MAX_TIMEOUT_SECONDS = 900;

export interface QuoteLimits {
  /** Per-message cap, atomic units; DEFAULT_PER_MESSAGE_CAP when omitted. */
  perMessageCap?: bigint;
  dailyLimit?: bigint;
  spentToday?: bigint;
  conversationLimit?: bigint;
  spentInConversation?: bigint;
}

export type GuardCode =
  | "scheme"
  | "chain"
  | "asset"
  | "domain"
  | "pay_to"
  | "timeout"
  | "amount"
  | "cap"
  | "daily_limit"
  | "conversation_limit";

export type GuardResult = { ok: true } | { ok: false; code: GuardCode; message: string; over?: bigint };

/** Thrown by `assertQuoteTerms` (used again right before signing, as a second line). */
export class QuoteRefusedError extends Error {
  constructor(
    public readonly code: GuardCode,
    message: string,
    public readonly over?: bigint,
  ) {
    super(message);
    this.name = "QuoteRefusedError";
  }
}

const NOT_SIGNED = "Nothing was signed.";

type Refusal = Extract<GuardResult, { ok: false }>;
const refuse = (code: GuardCode, message: string, over?: bigint): Refusal =>
  over === undefined ? { ok: false, code, message: `${message} ${NOT_SIGNED}` } : { ok: false, code, message: `${message} ${NOT_SIGNED}`, over };

const sameAddress = (a: unknown, b: string) => typeof a === "string" && a.toLowerCase() === b.toLowerCase();
/** Untrusted values in messages: short, addresses bare, other text quoted. */
const show = (v: unknown) =>
  typeof v === "string" ? (/^0x[0-9a-fA-F]{40}$/.test(v) ? v : `"${v.slice(0, 66)}"`) : v === undefined ? "nothing" : String(v).slice(0, 66);
const usdc = (a: bigint) => `${formatUsdc(a)} USDC`;
/** Where an operator updates what the app trusts, named in every refusal that compares with it. */
const TABLE = "The app trusts only its network table (lib/networks.ts); if the gateway really changed it, an operator updates that table.";

/**
 * The terms only (everything but the person's limits): what must hold for any signature at all.
 * Tolerates any input shape: a field of the wrong type is refused like a wrong value.
 */
export function checkQuoteTerms(requirement: PaymentRequirements, network: Network): GuardResult {
  const r = (isRecord(requirement) ? requirement : {}) as Partial<Record<keyof PaymentRequirements, unknown>>;
  const extra = isRecord(r.extra) ? r.extra : {};

  if (r.scheme !== "exact") {
    return refuse("scheme", `This quote asks for a "${String(r.scheme).slice(0, 30)}" payment; this app signs only "exact" USDC transfers.`);
  }
  // The exact scheme can also mean Permit2 or escrow flows: those sign other typed data, so they are refused.
  const method = extra.assetTransferMethod;
  if (method !== undefined && method !== "eip3009") {
    return refuse("scheme", `This quote asks for a ${show(method)} transfer; this app signs only USDC transferWithAuthorization (EIP-3009).`);
  }
  const flow = extra.paymentFlow;
  if (flow !== undefined && flow !== "authorization") {
    return refuse("scheme", `This quote asks for a ${show(flow)} payment flow; this app pays only by a direct authorization.`);
  }
  if (r.network !== network.caip2 || network.caip2 !== `eip155:${network.chainId}`) {
    return refuse("chain", `This quote is for chain ${show(r.network)}, but you are paying on ${network.name} (expected ${network.caip2}).`);
  }
  if (!sameAddress(r.asset, network.usdc.address)) {
    return refuse(
      "asset",
      `This quote asks for a payment in token ${show(r.asset)} (offered), but USDC on ${network.name} is ${network.usdc.address} (expected). ${TABLE}`,
    );
  }
  // extra.name / extra.version are optional in the 402; when present they must be exactly the token's domain.
  if ("name" in extra && extra.name !== network.usdc.name) {
    return refuse(
      "domain",
      `This quote names the token ${show(extra.name)}, but USDC on ${network.name} signs as "${network.usdc.name}". ` +
        `A wrong name would make your signature valid for a different token. ${TABLE}`,
    );
  }
  if ("version" in extra && String(extra.version) !== network.usdc.version) {
    return refuse(
      "domain",
      `This quote names token version ${show(extra.version)}, but USDC on ${network.name} is version "${network.usdc.version}". ${TABLE}`,
    );
  }
  if (!sameAddress(r.payTo, network.payTo)) {
    return refuse(
      "pay_to",
      `This quote asks you to pay ${show(r.payTo)} (offered), but BlockRun's recipient on ${network.name} is ${network.payTo} (expected). ${TABLE}`,
    );
  }
  const t = r.maxTimeoutSeconds;
  if (typeof t !== "number" || !Number.isInteger(t) || t <= 0 || t > MAX_TIMEOUT_SECONDS) {
    return refuse(
      "timeout",
      `This quote asks for a signature valid ${typeof t === "number" ? `${t} seconds` : show(t)}; ` +
        `it must be valid for more than 0 and at most ${MAX_TIMEOUT_SECONDS} seconds.`,
    );
  }
  if (typeof r.amount !== "string" || !/^\d{1,30}$/.test(r.amount)) {
    return refuse("amount", `This quote's amount ${show(r.amount)} is not a whole number of USDC atomic units.`);
  }
  if (BigInt(r.amount) === 0n) return refuse("amount", "This quote asks for a payment of 0 USDC, which is not a valid price.");
  return { ok: true };
}

/** The full guard: terms, then the person's per-message cap and spending limits. */
export function guardQuote(requirement: PaymentRequirements, network: Network, limits: QuoteLimits = {}): GuardResult {
  const terms = checkQuoteTerms(requirement, network);
  if (!terms.ok) return terms;
  const amount = BigInt(requirement.amount);

  const cap = limits.perMessageCap ?? DEFAULT_PER_MESSAGE_CAP;
  if (amount > cap) {
    return refuse("cap", `This message costs ${usdc(amount)}, more than your per-message cap of ${usdc(cap)} (by ${usdc(amount - cap)}).`, amount - cap);
  }
  if (limits.dailyLimit !== undefined) {
    const spent = limits.spentToday ?? 0n;
    const over = spent + amount - limits.dailyLimit;
    if (over > 0n) {
      return refuse(
        "daily_limit",
        `This message costs ${usdc(amount)}; with ${usdc(spent)} already spent today it would pass your daily limit of ` +
          `${usdc(limits.dailyLimit)} by ${usdc(over)}.`,
        over,
      );
    }
  }
  if (limits.conversationLimit !== undefined) {
    const spent = limits.spentInConversation ?? 0n;
    const over = spent + amount - limits.conversationLimit;
    if (over > 0n) {
      return refuse(
        "conversation_limit",
        `This message costs ${usdc(amount)}; with ${usdc(spent)} already spent in this conversation it would pass its limit of ` +
          `${usdc(limits.conversationLimit)} by ${usdc(over)}.`,
        over,
      );
    }
  }
  return { ok: true };
}

/** Throws `QuoteRefusedError` unless the terms pass. */
export function assertQuoteTerms(requirement: PaymentRequirements, network: Network): void {
  const r = checkQuoteTerms(requirement, network);
  if (!r.ok) throw new QuoteRefusedError(r.code, r.message, r.over);
}
