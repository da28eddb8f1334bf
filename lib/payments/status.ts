/**
 * What a payment record's status means, stated once. Every other module (budgets, the chat's cost panel, the
 * history, exports) derives from this table.
 *
 * The rule behind it: "not charged" is said only when it is proven —
 *   - no signature ever left the browser (the person cancelled, the wallet declined, a limit refused it, or the
 *     tab closed before the wallet signed), or
 *   - the chain shows the authorization's nonce unused after its `validBefore` (then nobody can ever use it).
 * Anything else that was signed may have moved money: it is counted against the budgets and reconciled against
 * the chain until it is settled or expired. A gateway that says "refused" or "failed" is believed only as a
 * reason, never as proof: the signed authorization stays valid until it expires.
 */
import type { Tone } from "../ui/tone";

export const PAYMENT_STATUSES = ["quoted", "signed", "unknown", "settled", "not_signed", "expired"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

interface StatusRule {
  /** Counted against limits: it is charged, or may still be. */
  reserved: boolean;
  /** Proven: money moved (settled) or can never move (not_signed, expired). */
  final: boolean;
  /** Money moved, or may have moved (a signature exists and is not proven unused). */
  mayBeCharged: boolean;
  /** Short label for tables and the cost panel. */
  label: string;
  /** One sentence for a person. */
  explain: string;
  tone: Tone;
}

export const PAYMENT_STATUS: Record<PaymentStatus, StatusRule> = {
  quoted: {
    reserved: true, final: false, mayBeCharged: false, tone: "pending",
    label: "awaiting approval",
    explain: "Priced and waiting for you to approve it; nothing is signed yet. The amount is held against your limits.",
  },
  signed: {
    reserved: true, final: false, mayBeCharged: true, tone: "pending",
    label: "signed, sending",
    explain: "Your wallet signed; the message is on its way and the gateway settles the payment.",
  },
  unknown: {
    reserved: true, final: false, mayBeCharged: true, tone: "pending",
    label: "checking the chain",
    explain:
      "Signed, but not yet proven either way: the app checks the chain until the payment settles or its signature expires unused.",
  },
  settled: {
    reserved: true, final: true, mayBeCharged: true, tone: "paid",
    label: "paid",
    explain: "Paid: the USDC moved on chain.",
  },
  // A price that was never signed is released and its record removed (lib/payments/reserve.ts); this status is
  // kept for records that arrive from v1 (its "refused"/"failed" without a signature) and imports.
  not_signed: {
    reserved: false, final: true, mayBeCharged: false, tone: "none",
    label: "not charged (never signed)",
    explain: "Not charged: no signature ever left your browser.",
  },
  expired: {
    reserved: false, final: true, mayBeCharged: false, tone: "none",
    label: "not charged (expired unused)",
    explain: "Not charged: the chain shows the signature was never used, and it has expired, so it never can be.",
  },
};

export const isReserved = (p: { status: PaymentStatus }) => PAYMENT_STATUS[p.status].reserved;
export const mayBeCharged = (p: { status: PaymentStatus }) => PAYMENT_STATUS[p.status].mayBeCharged;
export const isFinal = (p: { status: PaymentStatus }) => PAYMENT_STATUS[p.status].final;
export const RESERVED_STATUSES = PAYMENT_STATUSES.filter((s) => PAYMENT_STATUS[s].reserved);
/** Signed and not proven either way: what reconciliation works on. */
export const OPEN_STATUSES = PAYMENT_STATUSES.filter((s) => PAYMENT_STATUS[s].mayBeCharged && !PAYMENT_STATUS[s].final);

/** Statuses of the first stored version (v1), and what each becomes: v1 said "not charged" without proof. */
export const LEGACY_STATUSES = ["refused", "failed"] as const;
export function statusFromLegacy(status: string, signed: boolean): PaymentStatus {
  if ((PAYMENT_STATUSES as readonly string[]).includes(status)) return status as PaymentStatus;
  // A v1 "refused"/"failed" with a nonce was signed: only the chain can say whether it moved.
  return signed ? "unknown" : "not_signed";
}
