/**
 * Sending one message: sign -> send -> stream -> settle, with every step written down.
 *
 * The order is the point:
 *  - the payment is recorded ("quoted") before the wallet is asked to sign;
 *  - the signature, the user's message and the reply's placeholder are written in one transaction, as "signed",
 *    before the paid retry leaves the browser (a closed tab never loses a payment);
 *  - after the signature there is exactly one round trip (the retry carries the payment and streams the reply);
 *  - the settlement comes from PAYMENT-RESPONSE / X-Payment-Receipt, or is found on chain by the nonce.
 * If the wallet declines, nothing is kept but the draft (the caller keeps it): no message, no payment.
 */
import type { Address, PublicClient } from "viem";
import { db as appDb, type ChatDatabase } from "../db/schema";
import { recordPayment, updatePayment } from "../db/payments";
import type { StoredMessage, StoredPayment } from "../db/types";
import { postCompletion } from "../blockrun/completions";
import { gatewayErrorFrom, GatewayError } from "../blockrun/errors";
import { createPayment } from "../x402/pay";
import { readSettlement, findSettlementOnChain } from "../x402/settlement";
import type { Network } from "../networks";
import type { Quote } from "./quote";
import { streamReply } from "./stream-reply";
import { SendError, toSendError } from "./send-error";
import { formatUsdc } from "../money";

export type SendPhase = "switching" | "checking" | "signing" | "sending" | "streaming" | "settling" | "done";

export interface PaidSendParts {
  quote: Quote;
  payer: Address;
  /** x402 client signer over the wallet: {address, signTypedData}. */
  signer: { address: Address; signTypedData: (args: never) => Promise<`0x${string}`> };
  ensureChain(): Promise<void>;
  readUsdcBalance(): Promise<bigint>;
  publicClient?: PublicClient;
}

export interface SendInput {
  network: Network;
  conversationId: string;
  model: string;
  maxTokens: number;
  userText: string;
  /** The serialized request body (identical to the quoted one for paid models). */
  body: string;
  paid?: PaidSendParts;
  signal?: AbortSignal;
  onPhase?(phase: SendPhase): void;
  onDelta?(text: string): void;
  /** Ids, as soon as the messages exist (the UI shows the streaming reply under them). */
  onMessages?(ids: { userMessageId: string; assistantMessageId: string; paymentId?: string }): void;
  db?: ChatDatabase;
  fetchImpl?: typeof fetch;
}

export interface SendResult {
  assistantMessageId: string;
  paymentId?: string;
  /** performance.now() marks: signature done, request sent, first token, end. */
  marks: { signed?: number; sent: number; firstToken?: number; end: number };
}

export async function sendMessage(input: SendInput): Promise<SendResult> {
  const d = input.db ?? appDb();
  const phase = (p: SendPhase) => input.onPhase?.(p);
  const now = Date.now();
  const userMessage: StoredMessage = {
    id: crypto.randomUUID(), conversationId: input.conversationId, role: "user", content: input.userText,
    createdAt: now, status: "complete",
  };
  const assistant: StoredMessage = {
    id: crypto.randomUUID(), conversationId: input.conversationId, role: "assistant", content: "",
    createdAt: now + 1, status: "streaming", model: input.model,
  };

  let payment: StoredPayment | undefined;
  let header: { name: string; value: string } | undefined;
  let signedAt: number | undefined;

  if (input.paid) {
    const { quote, payer } = input.paid;
    payment = await recordPayment({
      conversationId: input.conversationId, messageId: assistant.id, networkId: input.network.id,
      chainId: input.network.chainId, model: input.model, maxTokens: input.maxTokens, amount: quote.amount,
      asset: quote.challenge.requirement.asset, payTo: quote.challenge.requirement.payTo, payer,
      breakdown: quote.challenge.breakdown,
    }, d);
    try {
      phase("switching");
      await input.paid.ensureChain();
      phase("checking");
      const balance = await input.paid.readUsdcBalance();
      if (balance < quote.amount) {
        throw new SendError("insufficient_funds",
          `Not enough USDC: this message costs ${formatUsdc(quote.amount)} USDC and the wallet holds ${formatUsdc(balance)} USDC ` +
          `(${formatUsdc(quote.amount - balance)} USDC missing). Nothing was signed.`);
      }
      phase("signing");
      const signed = await createPayment({
        paymentRequired: quote.challenge.paymentRequired, requirement: quote.challenge.requirement,
        network: input.network, signer: input.paid.signer as never,
      });
      signedAt = performance.now();
      header = { name: signed.headerName, value: signed.header };
      await d.transaction("rw", d.payments, d.messages, d.conversations, async () => {
        await updatePayment(payment!.id, {
          status: "signed", payer: signed.from, nonce: signed.nonce,
          validAfter: signed.validAfter.toString(), validBefore: signed.validBefore.toString(),
        }, d);
        await d.messages.bulkPut([userMessage, { ...assistant, paymentId: payment!.id }]);
        await d.conversations.update(input.conversationId, { updatedAt: Date.now(), draft: "" });
      });
    } catch (e) {
      // Nothing was signed: no money can move, so the record goes too. The draft stays with the caller.
      await d.payments.delete(payment.id);
      throw toSendError(e);
    }
  } else {
    await d.transaction("rw", d.messages, d.conversations, async () => {
      await d.messages.bulkPut([userMessage, assistant]);
      await d.conversations.update(input.conversationId, { updatedAt: Date.now(), draft: "" });
    });
  }
  input.onMessages?.({ userMessageId: userMessage.id, assistantMessageId: assistant.id, paymentId: payment?.id });

  phase("sending");
  const sent = performance.now();
  let res: Response;
  try {
    res = await postWithOneRetry(input, header);
  } catch (e) {
    const err = toSendError(e);
    // The signed retry may or may not have reached the gateway: the chain will tell.
    if (payment) await updatePayment(payment.id, { status: "unknown", reason: err.message }, d);
    await d.messages.update(assistant.id, { status: "error", error: err.message });
    if (payment && input.paid?.publicClient) void reconcileOnChain(payment.id, input, d);
    throw err;
  }

  if (!res.ok) {
    // describeRefusal (in gatewayErrorFrom) decides the kind, the gateway's reason and "not charged" in one place.
    const err = await gatewayErrorFrom(res, { paid: payment !== undefined });
    const refused = err.kind === "payment_refused";
    if (payment) {
      await updatePayment(payment.id, refused ? { status: "refused", reason: err.detail || err.message } : { status: "failed", reason: err.message }, d);
    }
    await d.messages.update(assistant.id, { status: "error", error: err.message });
    throw new SendError(refused ? "payment_refused" : err.kind, err.message, err.retryAfterSeconds);
  }

  const fallbackModel = res.headers.get("x-fallback-used") === "true" ? res.headers.get("x-fallback-model") ?? "a free model" : undefined;
  if (payment) {
    const settlement = readSettlement(res);
    if (fallbackModel && res.headers.get("x-settlement-skipped")) {
      await updatePayment(payment.id, { status: "failed", reason: `The gateway answered with ${fallbackModel} and did not charge you.` }, d);
    } else if (settlement?.success && settlement.transaction) {
      await updatePayment(payment.id, { status: "settled", txHash: settlement.transaction }, d);
    }
  }

  phase("streaming");
  const reply = await streamReply(res, {
    messageId: assistant.id, signal: input.signal, db: d, onDelta: input.onDelta,
  });
  const end = performance.now();
  await d.messages.update(assistant.id, {
    status: reply.status, content: reply.text, usage: reply.usage, finishReason: reply.finishReason,
    model: reply.model ?? input.model, error: reply.error, fallbackModel,
    timeToFirstTokenMs: reply.firstTokenAt !== undefined ? Math.round(reply.firstTokenAt - sent) : undefined,
    totalTimeMs: Math.round(end - sent),
  });
  if (payment) {
    await updatePayment(payment.id, { usage: reply.usage }, d);
    const current = await d.payments.get(payment.id);
    if (current?.status === "signed") {
      phase("settling");
      await updatePayment(payment.id, { status: "unknown" }, d);
      if (input.paid?.publicClient) await reconcileOnChain(payment.id, input, d);
    }
  }
  phase("done");
  return { assistantMessageId: assistant.id, paymentId: payment?.id, marks: { signed: signedAt, sent, firstToken: reply.firstTokenAt, end } };
}

/** 502/503 are transient: resend the same signed payload once after 1 s (its nonce makes this idempotent). */
async function postWithOneRetry(input: SendInput, header?: { name: string; value: string }) {
  const post = () => postCompletion(input.network.id, input.body, { paymentHeader: header, signal: input.signal, fetchImpl: input.fetchImpl });
  const res = await post();
  if (res.status !== 502 && res.status !== 503) return res;
  await res.body?.cancel().catch(() => {});
  await new Promise((r) => setTimeout(r, 1000));
  return post();
}

/** No settlement header came: ask the chain whether our nonce was used, and by which transaction. */
export async function reconcileOnChain(paymentId: string, input: Pick<SendInput, "network" | "paid">, d: ChatDatabase) {
  const p = await d.payments.get(paymentId);
  const client = input.paid?.publicClient;
  if (!p?.nonce || !client) return;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const found = await findSettlementOnChain({
        client, usdc: input.network.usdc.address, payer: p.payer as Address, nonce: p.nonce as `0x${string}`,
      });
      if (found.used) {
        await updatePayment(paymentId, { status: "settled", txHash: found.transaction }, d);
        return;
      }
    } catch {
      // The RPC may be briefly unavailable; the history's verification retries later.
    }
    await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
  }
}

export { GatewayError };
