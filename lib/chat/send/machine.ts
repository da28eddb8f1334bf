/**
 * The send flow as one explicit state machine. Read top to bottom, a paid message goes:
 *
 *   idle ──send──▶ quoting ──reserved──▶ confirming ──approve──▶ paying ──signed──▶ streaming ──ended──▶ settling ──▶ done
 *                     │                      │ (auto-approve skips)   │ (switching, checking, signing)
 *                     └──────────────── fail / cancel ──────────────┴──▶ failed | idle
 *
 * A free model skips straight from idle to streaming. The reply's text is not state: it goes from the controller to
 * the streaming message alone (controller.ts `live`), so a token re-renders that message and nothing else. The reducer is pure: it only says which state follows which
 * event; the effects (quote, reserve, ask the wallet, post, stream, reconcile) live in controller.ts and report
 * back with events. An event that does not fit the current state is ignored: a second press of Send or of
 * "Pay and send" while one is under way changes nothing, so there is one send at a time in a tab.
 */
import type { Quote } from "../quote";
import type { Network } from "../../networks";
import type { SendError } from "./errors";

export interface SendRequest {
  network: Network;
  conversationId: string;
  model: string;
  maxTokens: number;
  text: string;
  /** The serialized request body (byte-identical to the quoted one for paid models). */
  body: string;
  free: boolean;
  cachedQuote?: Quote;
  /** Where the new messages go in the conversation's tree (lib/chat/thread.ts): the person's message follows
   *  parentId (null: a first message). With replyToId there is no new message of the person's: the reply is a
   *  new version under that message (regenerate). */
  parentId?: string | null;
  replyToId?: string;
  /** The composer's draft is not this message (an edit, a regenerated reply): it stays as it is. */
  keepDraft?: boolean;
  /** The person has not seen this price yet (a regenerate: the controller fetches it). A quick pay session then
   *  asks with the payment dialog first instead of paying at once; the wallet's auto-approve setting applies as always. */
  confirmFirst?: boolean;
}

export type PayStep = "switching" | "checking" | "signing";

export type SendState =
  | { name: "idle" }
  | { name: "quoting"; req: SendRequest }
  | { name: "confirming"; req: SendRequest; quote: Quote; paymentId: string }
  | { name: "paying"; req: SendRequest; quote: Quote; paymentId: string; step: PayStep }
  | { name: "streaming"; req: SendRequest; paymentId?: string; assistantId?: string }
  | { name: "settling"; req: SendRequest; paymentId: string; assistantId: string }
  | { name: "done"; assistantId: string; paymentId?: string }
  | { name: "failed"; error: SendError; req?: SendRequest };

export type SendEvent =
  | { type: "send"; req: SendRequest }
  | { type: "reserved"; quote: Quote; paymentId: string; autoApprove: boolean }
  | { type: "approve" }
  | { type: "cancel" }
  | { type: "step"; step: PayStep }
  | { type: "signed" }
  | { type: "posted"; assistantId: string }
  | { type: "ended" }
  | { type: "settled" }
  | { type: "fail"; error: SendError }
  | { type: "dismiss" };

export const IDLE: SendState = { name: "idle" };

/** States in which a new Send may start. */
export const canStart = (s: SendState) => s.name === "idle" || s.name === "done" || s.name === "failed";

export function sendReducer(s: SendState, e: SendEvent): SendState {
  switch (e.type) {
    case "send":
      if (!canStart(s)) return s;
      return e.req.free ? { name: "streaming", req: e.req } : { name: "quoting", req: e.req };
    case "reserved":
      if (s.name !== "quoting") return s;
      return e.autoApprove
        ? { name: "paying", req: s.req, quote: e.quote, paymentId: e.paymentId, step: "switching" }
        : { name: "confirming", req: s.req, quote: e.quote, paymentId: e.paymentId };
    case "approve":
      if (s.name !== "confirming") return s;
      return { name: "paying", req: s.req, quote: s.quote, paymentId: s.paymentId, step: "switching" };
    case "cancel":
      return s.name === "confirming" ? IDLE : s;
    case "step":
      return s.name === "paying" ? { ...s, step: e.step } : s;
    case "signed":
      return s.name === "paying" ? { name: "streaming", req: s.req, paymentId: s.paymentId } : s;
    case "posted":
      return s.name === "streaming" ? { ...s, assistantId: e.assistantId } : s;
    case "ended":
      if (s.name !== "streaming" || !s.assistantId) return s;
      return s.paymentId
        ? { name: "settling", req: s.req, paymentId: s.paymentId, assistantId: s.assistantId }
        : { name: "done", assistantId: s.assistantId };
    case "settled":
      return s.name === "settling" ? { name: "done", assistantId: s.assistantId, paymentId: s.paymentId } : s;
    case "fail":
      return s.name === "idle" || s.name === "done" || s.name === "failed" ? s : { name: "failed", error: e.error, req: "req" in s ? s.req : undefined };
    case "dismiss":
      return s.name === "failed" ? IDLE : s;
  }
}

/** One line of status for the person, per state. */
export function statusLine(s: SendState): string | undefined {
  switch (s.name) {
    case "quoting":
      return "Getting the price…";
    case "paying":
      return { switching: "Switching the wallet's network…", checking: "Checking your USDC balance…", signing: "Waiting for your wallet…" }[s.step];
    case "settling":
      return "Confirming the payment on chain…";
    default:
      return undefined;
  }
}
