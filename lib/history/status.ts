/** How a payment's status and its chain check read in the history. */
import type { PaymentStatus } from "../db/types";
import type { CheckState } from "./verify";

export type Tone = "paid" | "pending" | "none" | "bad";

export const STATUS_LABEL: Record<PaymentStatus, { label: string; tone: Tone }> = {
  settled: { label: "paid", tone: "paid" },
  signed: { label: "signed, settling", tone: "pending" },
  unknown: { label: "outcome unknown", tone: "pending" },
  refused: { label: "not charged (refused)", tone: "none" },
  failed: { label: "not charged", tone: "none" },
  quoted: { label: "not charged (never signed)", tone: "none" },
};

export const CHECK_LABEL: Record<CheckState, { label: string; tone: Tone }> = {
  verified: { label: "verified", tone: "paid" },
  mismatch: { label: "mismatch", tone: "bad" },
  not_found: { label: "not found", tone: "bad" },
  not_charged: { label: "not charged", tone: "none" },
  pending: { label: "pending", tone: "pending" },
  unavailable: { label: "unavailable", tone: "pending" },
};

export const STATUS_FILTERS: { value: string; label: string }[] = [
  { value: "", label: "Any status" },
  { value: "charged", label: "Charged" },
  { value: "not_charged", label: "Not charged" },
  { value: "settled", label: "Paid (settled)" },
  { value: "signed", label: "Signed, settling" },
  { value: "unknown", label: "Outcome unknown" },
  { value: "refused", label: "Refused" },
  { value: "failed", label: "Failed" },
  { value: "quoted", label: "Never signed" },
];
