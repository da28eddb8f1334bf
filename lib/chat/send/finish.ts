/**
 * Step 3: read the answer into the conversation and the payment record.
 *
 * For a paid message the rule is lib/payments/status.ts's: once the signed request has left, only the chain can
 * say "not charged". So an error answer, a refusal, a timeout of our own route or a 502 whose resend was refused
 * all leave the payment "unknown" with the gateway's words as the reason, and the chain is asked at once and
 * again until it settles or its signature expires. A settlement the gateway reports is checked on chain too.
 */
import type { Address, PublicClient } from "viem";
import type { ChatDatabase } from "../../db/schema";
import { getPayment, updatePayment } from "../../db/payments";
import { updateMessage } from "../../db/messages";
import { gatewayErrorFrom } from "../../blockrun/errors";
import { reconcilePayment } from "../../payments/reconcile";
import { PAYMENT_STATUS } from "../../payments/status";
import { inspectSettlement } from "../../x402/settlement";
import { streamReply } from "../stream-reply";
import type { Exchange } from "./exchange";
import { SendError, toSendError } from "./errors";

export interface Chain {
  client: PublicClient;
  usdc: Address;
}

export interface Finished {
  firstTokenAt?: number;
  endedAt: number;
}

/** When a signature can no longer be used, for a person ("until 14:05:30"). */
async function expiryText(paymentId: string, d: ChatDatabase): Promise<string> {
  const p = await getPayment(paymentId, d);
  if (!p?.validBefore) return "";
  const t = new Date(Number(p.validBefore) * 1000);
  return ` Your signature can be used until ${t.toLocaleTimeString()}; the app checks the chain until then, and says "not charged" once it has expired unused.`;
}

/** The answer was not a reply (or no answer came). Returns the error to show; updates message and payment. */
export async function failAfterPost(o: {
  res?: Response;
  error?: unknown;
  resent?: boolean;
  exchange: Exchange;
  paymentId?: string;
  chain?: Chain;
  d: ChatDatabase;
}): Promise<SendError> {
  const { d, paymentId } = o;
  const gw = o.res ? await gatewayErrorFrom(o.res, { paid: !!paymentId }) : undefined;
  if (!paymentId) {
    const err = toSendError(gw ?? o.error);
    await updateMessage(o.exchange.assistant.id, { status: "error", error: err.message }, d);
    return err;
  }
  // The gateway's reason (lib/blockrun/errors.ts reads every shape: header, details, code, debug, OpenAI's).
  const refusal = gw?.kind === "payment_refused";
  const said = gw ? gw.message : toSendError(o.error).message;
  const reason = refusal
    ? `The gateway refused the payment${gw!.detail ? `: ${gw!.detail}` : ""}.${o.resent ? " (It was a resend after a 502/503: the first try may have been charged.)" : ""}`
    : said;
  await updatePayment(paymentId, { status: "unknown", reason }, d);
  const status = o.chain ? await reconcilePayment(paymentId, o.chain.client, o.chain.usdc, d) : undefined;
  const chainSays =
    status === "settled" ? " The chain shows the payment went through: you were charged."
    : status === "unknown" ? ` The chain shows no USDC moved so far.${await expiryText(paymentId, d)}`
    : " The app checks the chain for what became of your signature.";
  const err = refusal
    ? new SendError("payment_refused", `${reason}${chainSays}`)
    : new SendError("outcome_unknown", `${said} Your payment was signed, so whether it was charged is for the chain to say.${chainSays}`);
  await updateMessage(o.exchange.assistant.id, { status: "error", error: err.message }, d);
  return err;
}

/** The reply: settlement header, fallback notice, the streamed text, then the chain's word on the payment. */
export async function finish(o: {
  res: Response;
  exchange: Exchange;
  paymentId?: string;
  model: string;
  sentAt: number;
  chain?: Chain;
  signal?: AbortSignal;
  /** The person's message and the reply's row being stored (beside the request): written before any update. */
  saved?: Promise<void>;
  /** Starts that write now (the controller starts it after the first token, or soon anyway). */
  startSave?(): void;
  onDelta?(text: string): void;
  onEnded?(): void;
  d: ChatDatabase;
}): Promise<Finished> {
  const { res, d, paymentId } = o;
  const fallbackModel = res.headers.get("x-fallback-used") === "true" ? (res.headers.get("x-fallback-model") ?? "a free model") : undefined;
  // The gateway's word on the settlement is read and stored once the first token is on screen (a timer after the
  // first delta, whose render runs first), or when the stream ends: the first token never waits for it.
  let checking: Promise<unknown> | undefined;
  const check = () => (checking ??= paymentId ? recordGatewaySettlement(res, paymentId, fallbackModel, o.chain, d) : Promise.resolve());
  let scheduled = false;
  const onDelta = (text: string) => {
    o.onDelta?.(text);
    if (!scheduled) {
      scheduled = true;
      setTimeout(() => {
        o.startSave?.();
        void check();
      }, 0);
    }
  };

  const reply = await streamReply(res, { messageId: o.exchange.assistant.id, signal: o.signal, db: d, onDelta, after: o.saved });
  const endedAt = performance.now();
  o.startSave?.();
  await o.saved; // a failed save is the send's error (the text was shown; the row to update it in is missing)
  await updateMessage(o.exchange.assistant.id, {
    status: reply.status, content: reply.text, usage: reply.usage, finishReason: reply.finishReason,
    model: reply.model ?? o.model, error: reply.error, fallbackModel,
    timeToFirstTokenMs: reply.firstTokenAt !== undefined ? Math.round(reply.firstTokenAt - o.sentAt) : undefined,
    totalTimeMs: Math.round(endedAt - o.sentAt),
  }, d);
  o.onEnded?.();
  if (paymentId) {
    await updatePayment(paymentId, { usage: reply.usage }, d);
    await check();
    await settleOnChain(paymentId, o.chain, d);
  }
  if (reply.status === "error" && reply.error) {
    throw new SendError(paymentId ? "stream_broken" : "gateway_error", `The reply broke off: ${reply.error}${paymentId ? " What arrived is kept with its payment." : ""}`);
  }
  return { firstTokenAt: reply.firstTokenAt, endedAt };
}

/**
 * The settlement header, fallback notice and skipped-settlement header, added to the record (already stored as
 * signed), and the chain asked at once when the gateway names a transaction, so the cost panel says "paid" as soon
 * as the chain agrees. Never throws: settleOnChain asks again after the reply.
 */
function recordGatewaySettlement(res: Response, paymentId: string, fallbackModel: string | undefined, chain: Chain | undefined, d: ChatDatabase) {
  const { settlement, problem } = inspectSettlement(res);
  const skipped = res.headers.get("x-settlement-skipped");
  const reason = skipped || fallbackModel
    ? `The gateway answered with ${fallbackModel ?? "another model"} and says it skipped the settlement${skipped ? ` (${skipped.slice(0, 80)})` : ""}; the chain will confirm.`
    : settlement && !settlement.success
      ? `The gateway reports the settlement failed: ${settlement.errorReason ?? "no reason given"}; the chain will confirm.`
      : problem;
  const tx = settlement?.transaction;
  return updatePayment(paymentId, { ...(tx ? { txHash: tx } : {}), ...(reason ? { reason } : {}) }, d)
    .then(() => (chain && tx ? reconcilePayment(paymentId, chain.client, chain.usdc, d) : undefined))
    .catch(() => {});
}

/** After the reply: "signed" becomes what the chain proves, asking a few times (the chain may lag the header). */
export async function settleOnChain(paymentId: string, chain: Chain | undefined, d: ChatDatabase, attempts = 5) {
  const p = await getPayment(paymentId, d);
  if (!p || PAYMENT_STATUS[p.status].final) return;
  await updatePayment(paymentId, { status: "unknown" }, d);
  if (!chain) return;
  for (let i = 0; i < attempts; i++) {
    const status = await reconcilePayment(paymentId, chain.client, chain.usdc, d);
    if (status && PAYMENT_STATUS[status].final) return;
    await new Promise((r) => setTimeout(r, 300 * (i + 1)));
  }
}
