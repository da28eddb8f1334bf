/**
 * Runs the send machine (machine.ts): each method feeds it an event and performs the effect the new state asks
 * for — quote and reserve, ask the wallet (authorize.ts), post (post.ts), read the reply (finish.ts) — reporting
 * back with events. One controller per tab; React reads it through useSyncExternalStore (hooks/use-send.ts).
 *
 * The owner lock (lib/payments/owner-lock.ts) of a payment is held from before its reservation until its send
 * ends, so other tabs know it is in hand, and know it is not once this tab closes.
 */
import { db as appDb, type ChatDatabase } from "../../db/schema";
import { fetchQuote, isQuoteFresh } from "../quote";
import { holdPaymentLock } from "../../payments/owner-lock";
import { releaseReservation, reservePayment } from "../../payments/reserve";
import type { PayingWallet } from "../../wallet/paying-wallet";
import { canStart, IDLE, sendReducer, type SendEvent, type SendRequest, type SendState } from "./machine";
import { guardError, SendError, toSendError } from "./errors";
import { authorize } from "./authorize";
import { post } from "./post";
import { failAfterPost, finish, settleOnChain, type Chain } from "./finish";
import { newExchange, type Exchange } from "./exchange";
import { saveExchange, updateMessage } from "../../db/messages";
import { asSigned } from "../../db/payments";
import { formatUsdc } from "../../money";
import type { StoredMessage, StoredPayment } from "../../db/types";

export interface SendMarks {
  signed?: number;
  sent: number;
  firstToken?: number;
  end: number;
}

/** The streaming reply's text so far. */
export interface LiveReply {
  id: string;
  text: string;
  /** The exchange's messages, shown at once and until the database has them (lib/chat/thread.ts withPending):
   *  kept after the stream ends, until the next send. */
  shown: readonly StoredMessage[];
}

/** The longest a paid exchange's messages wait to be written (see deliver). */
const SAVE_WITHIN_MS = 150;

/** A write started at most once, on the first start(); `done` settles with it (a failure is the awaiter's to report). */
function startLater(write: () => Promise<void>): { start(): void; done: Promise<void> } {
  let start = () => {};
  const done = new Promise<void>((resolve, reject) => {
    start = () => {
      start = () => {};
      write().then(resolve, reject);
    };
  });
  done.catch(() => {});
  return { start: () => start(), done };
}

export class SendController {
  private state: SendState = IDLE;
  private listeners = new Set<() => void>();
  private live?: LiveReply;
  private liveListeners = new Set<() => void>();
  private abort?: AbortController;
  private releaseLock?: () => void;
  private wallet?: PayingWallet;
  /** The record of the reservation in hand, as stored: the signed record is written over it without a read. */
  private reservation?: StoredPayment;
  /** The timings of the last send (bench and tests). */
  lastMarks?: SendMarks;

  constructor(
    private readonly opts: {
      db?: () => ChatDatabase;
      fetchImpl?: typeof fetch;
      /** The person's message is stored: the composer can clear its draft. */
      onSent?(req: SendRequest): void;
    } = {},
  ) {}

  getState = (): SendState => this.state;
  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => void this.listeners.delete(l);
  };
  /** The reply's text has its own store: each token re-renders the streaming message alone (hooks/use-send.ts). */
  getLive = (): LiveReply | undefined => this.live;
  subscribeLive = (l: () => void) => {
    this.liveListeners.add(l);
    return () => void this.liveListeners.delete(l);
  };
  private setLive(live: LiveReply) {
    this.live = live;
    for (const l of this.liveListeners) l();
  }
  private get d() {
    return (this.opts.db ?? appDb)();
  }
  private dispatch(e: SendEvent): SendState {
    const next = sendReducer(this.state, e);
    if (next !== this.state) {
      this.state = next;
      for (const l of this.listeners) l();
    }
    return next;
  }

  /** Send pressed. Ignored while another send of this tab is under way. */
  async send(req: SendRequest, wallet?: PayingWallet): Promise<void> {
    if (!canStart(this.state)) return;
    this.dispatch({ type: "send", req });
    if (req.free) return this.deliver(req);
    try {
      if (!wallet) throw new SendError("no_wallet", "Connect a wallet to pay for this message.");
      const quote = isQuoteFresh(req.cachedQuote, req.body) ? req.cachedQuote : await fetchQuote(req.network, req.body);
      if (wallet.session && quote.amount > wallet.session.cap) {
        throw guardError("cap", `This message costs ${formatUsdc(quote.amount)} USDC, above your quick pay session's cap of ` +
          `${formatUsdc(wallet.session.cap)} USDC per message. Nothing was signed; press Send again to pay it from your wallet.`);
      }
      const id = crypto.randomUUID();
      this.releaseLock = await holdPaymentLock(id);
      const r = await reservePayment({
        id,
        requirement: quote.challenge.requirement,
        network: req.network,
        payment: {
          conversationId: req.conversationId, messageId: "", networkId: req.network.id, chainId: req.network.chainId,
          model: req.model, maxTokens: req.maxTokens, amount: quote.amount, asset: quote.challenge.requirement.asset,
          payTo: quote.challenge.requirement.payTo, payer: wallet.address, breakdown: quote.challenge.breakdown,
          ...(wallet.session ? { sessionId: wallet.session.id, fundedBy: wallet.session.fundedBy } : {}),
        },
      }, this.d);
      if (!r.ok) throw guardError(r.refusal.code, r.refusal.message, r.refusal.over);
      this.wallet = wallet;
      this.reservation = r.payment;
      // A quick pay session approved its cap when it was opened, for prices shown before Send; the wallet's own
      // flow uses the auto-approve setting.
      const auto = wallet.session
        ? quote.amount <= wallet.session.cap && !req.confirmFirst
        : r.settings.autoApproveUnder !== undefined && quote.amount < r.settings.autoApproveUnder;
      this.dispatch({ type: "reserved", quote, paymentId: id, autoApprove: auto });
      if (auto) await this.pay();
    } catch (e) {
      this.fail(toSendError(e));
    }
  }

  /** "Pay and send". Ignored unless the dialog is open: a double press signs once. */
  async approve(): Promise<void> {
    if (this.state.name !== "confirming") return;
    this.dispatch({ type: "approve" });
    await this.pay();
  }

  async cancel(): Promise<void> {
    const s = this.state;
    if (s.name !== "confirming") return;
    this.dispatch({ type: "cancel" });
    await releaseReservation(s.paymentId, this.d);
    this.unlock();
  }

  stop() {
    this.abort?.abort();
  }

  dismiss() {
    this.dispatch({ type: "dismiss" });
  }

  private async pay() {
    const s = this.state;
    const reservation = this.reservation;
    if (s.name !== "paying" || !this.wallet || reservation?.id !== s.paymentId) return;
    const wallet = this.wallet;
    try {
      const a = await authorize({
        req: s.req, quote: s.quote, paymentId: s.paymentId, reservation, wallet, d: this.d,
        onStep: (step) => this.dispatch({ type: "step", step }),
      });
      await this.deliver(s.req, { ...a, paymentId: s.paymentId, chain: { client: wallet.chain(s.req.network), usdc: s.req.network.usdc.address } });
    } catch (e) {
      this.fail(toSendError(e));
    }
  }

  /** Post and read the reply (free, or paid with its signed header). */
  private async deliver(
    req: SendRequest,
    paid?: Exchange & { header: { name: string; value: string }; signedAt: number; signing: StoredPayment; paymentId: string; chain: Chain },
  ) {
    const d = this.d;
    const exchange = paid ?? newExchange(req);
    const ctrl = new AbortController();
    this.abort = ctrl;
    // A paid exchange's messages are written after the request has left, once the first token is on screen or
    // SAVE_WITHIN_MS later, whichever is first (the screen shows them meanwhile: withPending), so that their write
    // and the live queries it wakes do not compete with the first token. Within 150 ms: before the composer's
    // cleared draft is stored (250 ms), so a tab that dies in between still has the text as its draft. The payment
    // itself was committed before the request left. Awaited before any update of these rows (finish.ts).
    // The payment is written as "signed" with them, in one transaction.
    const later = paid ? startLater(() => saveExchange(exchange, d, { keepDraft: req.keepDraft, payment: asSigned(paid.signing) })) : undefined;
    const startSave = () => later?.start();
    const saved = later?.done;
    const saveTimer = paid ? setTimeout(startSave, SAVE_WITHIN_MS) : undefined;
    try {
      if (!paid) await saveExchange(exchange, d, { keepDraft: req.keepDraft });
      // A paid request leaves first, as soon as the wallet answered (its nonce was committed before the wallet
      // was asked): the screen's updates (the dialog closes, the draft clears) run while it is on its way.
      const sent = performance.now();
      performance.mark("send:fetch");
      const answering = post(req, { header: paid?.header, signal: ctrl.signal, fetchImpl: this.opts.fetchImpl });
      if (paid) this.dispatch({ type: "signed" });
      this.opts.onSent?.(req);
      const shown = exchange.user ? [exchange.user, exchange.assistant] : [exchange.assistant];
      this.setLive({ id: exchange.assistant.id, text: "", shown });
      this.dispatch({ type: "posted", assistantId: exchange.assistant.id });

      let answer: Awaited<ReturnType<typeof post>>;
      try {
        answer = await answering;
      } catch (e) {
        startSave();
        await saved;
        if (ctrl.signal.aborted) throw e;
        throw await failAfterPost({ error: e, exchange, paymentId: paid?.paymentId, chain: paid?.chain, d });
      }
      performance.mark("send:headers");
      // The messages were written beside the request; everything below updates them (the stream's text reaches
      // the screen at once and is stored after them: finish waits for `saved` before its first write).
      if (!answer.res.ok) {
        startSave();
        await saved;
        throw await failAfterPost({ res: answer.res, resent: answer.resent, exchange, paymentId: paid?.paymentId, chain: paid?.chain, d });
      }
      const f = await finish({
        res: answer.res, exchange, paymentId: paid?.paymentId, model: req.model, sentAt: sent, chain: paid?.chain,
        signal: ctrl.signal, d, saved, startSave,
        onDelta: (text) => this.setLive({ id: exchange.assistant.id, text, shown }),
        onEnded: () => this.dispatch({ type: "ended" }),
      });
      this.lastMarks = { signed: paid?.signedAt, sent, firstToken: f.firstTokenAt, end: f.endedAt };
      this.dispatch({ type: "settled" });
    } catch (e) {
      if (ctrl.signal.aborted && !(e instanceof SendError)) {
        // Stopped before the answer came: the reply is marked stopped; a paid one is settled by the chain.
        startSave();
        await saved?.catch(() => {});
        await updateMessage(exchange.assistant.id, { status: "stopped" }, d);
        if (paid) await settleOnChain(paid.paymentId, paid.chain, d);
        this.dispatch({ type: "ended" });
        this.dispatch({ type: "settled" });
      } else {
        this.fail(toSendError(e));
      }
    } finally {
      clearTimeout(saveTimer);
      startSave();
      this.abort = undefined;
      this.unlock();
    }
  }

  private fail(err: SendError) {
    this.unlock();
    this.dispatch({ type: "fail", error: err });
  }

  private unlock() {
    this.releaseLock?.();
    this.releaseLock = undefined;
  }
}
