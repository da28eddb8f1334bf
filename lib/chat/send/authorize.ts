/**
 * Step 1 of a paid send: from an approved reservation to a signature, written down before it leaves the browser.
 * Wallet on the right chain, enough USDC, the guard once more inside the exclusive step, then the wallet. The
 * payment is stored as "signed" (committed) before this returns, and the caller sends the request at once; the
 * person's message and the reply's placeholder are written after it has left (controller.ts), off its path.
 * If anything fails before that, the reservation is released: no signature exists.
 */
import type { ChatDatabase } from "../../db/schema";
import { recordSigned } from "../../db/payments";
import type { StoredPayment } from "../../db/types";
import { confirmReservation, releaseReservation } from "../../payments/reserve";
import type { PayingWallet } from "../../wallet/paying-wallet";
import { createPayment } from "../../x402/pay";
import { formatUsdc } from "../../money";
import type { Quote } from "../quote";
import type { PayStep, SendRequest } from "./machine";
import { guardError, SendError, toSendError } from "./errors";
import { newExchange, type Exchange } from "./exchange";

export interface Authorized extends Exchange {
  header: { name: string; value: string };
  signedAt: number;
}

export async function authorize(o: {
  req: SendRequest;
  quote: Quote;
  paymentId: string;
  /** The reservation as stored (reservePayment's record): the signed record is written over it. */
  reservation: StoredPayment;
  wallet: PayingWallet;
  onStep(step: PayStep): void;
  d: ChatDatabase;
}): Promise<Authorized> {
  const { req, quote, paymentId, wallet, d } = o;
  const network = req.network;
  try {
    o.onStep("switching");
    const signer = await wallet.prepareToSign(network);
    if (signer.address.toLowerCase() !== wallet.address.toLowerCase()) {
      throw new SendError("wrong_network", "The wallet's account changed since you pressed Send. Nothing was signed; press Send again.");
    }
    o.onStep("checking");
    const balance = await wallet.usdcBalance(network);
    if (balance < quote.amount) {
      throw new SendError("insufficient_funds",
        `Not enough USDC: this message costs ${formatUsdc(quote.amount)} USDC and the wallet holds ${formatUsdc(balance)} USDC ` +
        `(${formatUsdc(quote.amount - balance)} USDC missing). Nothing was signed.`);
    }
    // The guard again, in the exclusive step, with the limits as they are at this moment.
    const verdict = await confirmReservation(paymentId, quote.challenge.requirement, network, d);
    if (!verdict.ok) throw guardError(verdict.code, verdict.message, "over" in verdict ? verdict.over : undefined);

    o.onStep("signing");
    const signed = await createPayment({
      paymentRequired: quote.challenge.paymentRequired, requirement: quote.challenge.requirement, network, signer,
    });
    const signedAt = performance.now();
    performance.mark("send:signed"); // the bench's breakdown of the client's own time (bench/run.ts, section 4)
    const exchange = newExchange(req, paymentId);
    // The one write that must land before the signed request leaves: the payment, as "signed" (one put, committed).
    await recordSigned(o.reservation, {
      payer: signed.from, nonce: signed.nonce, messageId: exchange.assistant.id,
      validAfter: signed.validAfter.toString(), validBefore: signed.validBefore.toString(),
    }, d);
    performance.mark("send:recorded");
    return { ...exchange, header: { name: signed.headerName, value: signed.header }, signedAt };
  } catch (e) {
    const err = toSendError(e);
    await releaseReservation(paymentId, d);
    throw err;
  }
}
