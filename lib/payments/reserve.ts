/**
 * The one exclusive step in which a price becomes a payment that may be signed. The limits are checked and the
 * amount is reserved in one IndexedDB read-write transaction over the payments and settings: IndexedDB runs such
 * transactions one at a time across every tab of the origin, so two tabs (or two presses) can never both see room
 * for a payment that only one of them fits in. A reserved payment ("quoted") counts against the limits at once.
 *
 * The same check runs again right before the wallet is asked (`confirmReservation`): the person may have lowered
 * a limit while the dialog was open. The payment's own reservation is left out of "spent" there.
 */
import type { PaymentRequirements } from "@x402/core/types";
import { db as appDb, type ChatDatabase } from "../db/schema";
import { getSpendSettings, type SpendSettings } from "../db/settings";
import { getPayment, insertPayment, removeUnsignedPayment, spentInConversation, startOfLocalDay, type NewPayment } from "../db/payments";
import type { StoredPayment } from "../db/types";
import { spentSinceByWallet } from "../db/quickpay";
import type { Network } from "../networks";
import { guardQuote, type GuardResult } from "../x402/quote-guard";

export type Refusal = Extract<GuardResult, { ok: false }>;

async function guardAgainstLimits(
  requirement: PaymentRequirements,
  network: Network,
  who: { payer: string; fundedBy?: string; conversationId: string; own?: bigint; now?: number },
  d: ChatDatabase,
): Promise<{ verdict: GuardResult; settings: SpendSettings }> {
  // The reads in one transaction, issued together (IndexedDB pipelines them). The daily budget is the main
  // wallet's: its own payments and those of every quick pay session it funded (lib/db/quickpay.ts).
  const since = startOfLocalDay(who.now);
  const [settings, today, conversation] = await Promise.all([
    getSpendSettings(d),
    spentSinceByWallet(who.fundedBy ?? who.payer, since, d),
    spentInConversation(who.conversationId, d),
  ]);
  const own = who.own ?? 0n; // the recheck leaves its own reservation out
  const verdict = guardQuote(requirement, network, {
    perMessageCap: settings.perMessageCap,
    dailyLimit: settings.dailyLimit,
    spentToday: today - own,
    conversationLimit: settings.conversationLimit,
    spentInConversation: conversation - own,
  });
  return { verdict, settings };
}

/**
 * Guard and reserve in one step. `id` is chosen by the caller so it can hold the payment's owner lock before the
 * record exists (lib/payments/owner-lock.ts).
 */
export async function reservePayment(
  input: { id: string; payment: NewPayment; requirement: PaymentRequirements; network: Network },
  d: ChatDatabase = appDb(),
): Promise<{ ok: true; payment: StoredPayment; settings: SpendSettings } | { ok: false; refusal: Refusal }> {
  return d.transaction("rw", [d.payments, d.settings, d.quickPaySessions], async () => {
    const { verdict, settings } = await guardAgainstLimits(input.requirement, input.network, input.payment, d);
    if (!verdict.ok) return { ok: false as const, refusal: verdict };
    const now = Date.now();
    const payment: StoredPayment = {
      ...input.payment, amount: input.payment.amount.toString(), id: input.id, createdAt: now, updatedAt: now, status: "quoted",
    };
    await insertPayment(payment, d);
    return { ok: true as const, payment, settings };
  });
}

/**
 * Right before the wallet: the reservation must still be there ("quoted") and the guard must pass again with
 * the limits as they are now. A refusal releases the reservation (nothing was signed).
 */
export async function confirmReservation(
  paymentId: string,
  requirement: PaymentRequirements,
  network: Network,
  d: ChatDatabase = appDb(),
): Promise<GuardResult | { ok: false; code: "gone"; message: string }> {
  return d.transaction("rw", [d.payments, d.settings, d.quickPaySessions], async () => {
    const p = await getPayment(paymentId, d);
    if (!p || p.status !== "quoted") {
      return { ok: false as const, code: "gone" as const, message: "This payment was already handled elsewhere. Nothing was signed." };
    }
    // Its own reservation is in both sums (quoted, today, this conversation): left out once.
    const { verdict } = await guardAgainstLimits(requirement, network, { ...p, own: BigInt(p.amount), now: p.createdAt }, d);
    if (!verdict.ok) await removeUnsignedPayment(p.id, d);
    return verdict;
  });
}

/**
 * Nothing was signed (cancelled, declined, refused before the wallet, or the tab closed first): the reservation
 * is released. The record goes too: it was a price, never a payment, and the history lists payments. Only a
 * record still "quoted" is removed; once signed, a record is never deleted.
 */
export async function releaseReservation(paymentId: string, d: ChatDatabase = appDb()) {
  await removeUnsignedPayment(paymentId, d);
}
