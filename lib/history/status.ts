/** How a payment's status and its chain check read in the history (the statuses themselves: lib/payments/status.ts). */
import { PAYMENT_STATUS, PAYMENT_STATUSES, type PaymentStatus } from "../payments/status";
import type { Tone } from "../ui/tone";
import type { CheckState } from "./verify";

export type { Tone };

export const STATUS_LABEL: Record<PaymentStatus, { label: string; tone: Tone }> = Object.fromEntries(
  PAYMENT_STATUSES.map((s) => [s, { label: PAYMENT_STATUS[s].label, tone: PAYMENT_STATUS[s].tone }]),
) as Record<PaymentStatus, { label: string; tone: Tone }>;

export const CHECK_LABEL: Record<CheckState, { label: string; tone: Tone }> = {
  verified: { label: "verified", tone: "paid" },
  mismatch: { label: "mismatch", tone: "bad" },
  not_found: { label: "not found", tone: "bad" },
  not_charged: { label: "not charged", tone: "none" },
  pending: { label: "pending", tone: "pending" },
  unavailable: { label: "unavailable", tone: "pending" },
};

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const STATUS_FILTERS: { value: string; label: string }[] = [
  { value: "", label: "Any status" },
  { value: "charged", label: "Charged or may be" },
  { value: "not_charged", label: "Not charged" },
  ...PAYMENT_STATUSES.map((s) => ({ value: s, label: cap(PAYMENT_STATUS[s].label) })),
];
