/**
 * Step 1 of a paid send: from an approved reservation to a signature whose request may leave at once.
 * Wallet on the right chain, enough USDC, the guard once more inside the exclusive step, then the wallet. Before
 * the wallet is asked, the authorization's nonce and window are committed to the reservation (recordSigning), so
 * a tab that dies at any later moment leaves a record the chain can settle. The "signed" status is written with
 * the exchange's messages once the request has left (controller.ts), off its path.
 * If anything fails before the wallet signs, the reservation is released: no signature exists.
 */
import type { ChatDatabase } from "../../db/schema";
import { recordSigning } from "../../db/payments";
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
  /** The payment as recorded before the wallet was asked (with its nonce); written as signed with the messages. */
  signing: StoredPayment;
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
    const exchange = newExchange(req, paymentId);
    let signing: StoredPayment | undefined;
    const signed = await createPayment({
      paymentRequired: quote.challenge.paymentRequired, requirement: quote.challenge.requirement, network, signer,
      beforeSign: async (a) => {
        signing = await recordSigning(o.reservation, {
          payer: a.from, nonce: a.nonce, messageId: exchange.assistant.id,
          validAfter: a.validAfter.toString(), validBefore: a.validBefore.toString(),
        }, d);
      },
    });
    const signedAt = performance.now();
    performance.mark("send:signed"); // the bench's breakdown of the client's own time (bench/run.ts, section 4)
    if (!signing || signing.nonce?.toLowerCase() !== signed.nonce.toLowerCase()) {
      throw new SendError("quote_refused", "The wallet signed an authorization other than the one recorded. Nothing was sent; press Send again.");
    }
    return { ...exchange, header: { name: signed.headerName, value: signed.header }, signedAt, signing };
  } catch (e) {
    const err = toSendError(e);
    await releaseReservation(paymentId, d);
    throw err;
  }
}
