import { describe, expect, it } from "vitest";
import { canStart, IDLE, sendReducer, statusLine, type SendEvent, type SendRequest, type SendState } from "@/lib/chat/send/machine";
import { SEND_ERRORS, SendError, toSendError, guardError } from "@/lib/chat/send/errors";
import type { Quote } from "@/lib/chat/quote";

const req = { network: { id: "devnet" }, conversationId: "c", model: "m", maxTokens: 10, text: "hi", body: "{}", free: false } as unknown as SendRequest;
const quote = { amount: 1234n } as Quote;
const run = (events: SendEvent[], from: SendState = IDLE) => events.reduce(sendReducer, from);
const err = new SendError("wallet_rejected", "no");

describe("the send machine", () => {
  it("walks a paid message from idle to done", () => {
    const names: string[] = [];
    let s: SendState = IDLE;
    for (const e of [
      { type: "send", req },
      { type: "reserved", quote, paymentId: "p", autoApprove: false },
      { type: "approve" },
      { type: "step", step: "checking" },
      { type: "step", step: "signing" },
      { type: "signed" },
      { type: "posted", assistantId: "a" },
      { type: "ended" },
      { type: "settled" },
    ] as SendEvent[]) {
      s = sendReducer(s, e);
      names.push(s.name === "paying" ? `paying:${s.step}` : s.name);
    }
    expect(names).toEqual([
      "quoting", "confirming", "paying:switching", "paying:checking", "paying:signing", "streaming", "streaming", "settling", "done",
    ]);
    expect(s).toEqual({ name: "done", assistantId: "a", paymentId: "p" });
  });

  it("auto-approval skips the dialog, never the wallet steps", () => {
    const s = run([{ type: "send", req }, { type: "reserved", quote, paymentId: "p", autoApprove: true }]);
    expect(s).toMatchObject({ name: "paying", step: "switching", paymentId: "p" });
  });

  it("a free model goes straight to streaming and ends done without settling", () => {
    const s = run([{ type: "send", req: { ...req, free: true } }, { type: "posted", assistantId: "a" }, { type: "ended" }]);
    expect(s).toEqual({ name: "done", assistantId: "a" });
  });

  it("ignores a second Send, a second approve, and events that do not fit", () => {
    const quoting = run([{ type: "send", req }]);
    expect(sendReducer(quoting, { type: "send", req })).toBe(quoting);
    expect(sendReducer(quoting, { type: "approve" })).toBe(quoting);
    const paying = run([{ type: "reserved", quote, paymentId: "p", autoApprove: false }, { type: "approve" }], quoting);
    expect(sendReducer(paying, { type: "approve" })).toBe(paying);
    expect(sendReducer(paying, { type: "cancel" })).toBe(paying); // the wallet is already asked
    expect(sendReducer(IDLE, { type: "signed" })).toBe(IDLE);
    expect(sendReducer(IDLE, { type: "fail", error: err })).toBe(IDLE);
  });

  it("cancel closes the dialog; a failure keeps the request for Retry; dismiss returns to idle", () => {
    const confirming = run([{ type: "send", req }, { type: "reserved", quote, paymentId: "p", autoApprove: false }]);
    expect(sendReducer(confirming, { type: "cancel" })).toBe(IDLE);
    const failed = sendReducer(confirming, { type: "fail", error: err });
    expect(failed).toEqual({ name: "failed", error: err, req });
    expect(canStart(failed)).toBe(true);
    expect(sendReducer(failed, { type: "dismiss" })).toBe(IDLE);
  });

  it("says one line per step", () => {
    expect(statusLine(run([{ type: "send", req }]))).toBe("Getting the price…");
    expect(statusLine(run([{ type: "send", req }, { type: "reserved", quote, paymentId: "p", autoApprove: true }, { type: "step", step: "signing" }]))).toBe("Waiting for your wallet…");
    expect(statusLine(IDLE)).toBeUndefined();
  });
});

describe("send errors", () => {
  it("decide retry and whether money may have moved in one table", () => {
    expect(new SendError("outcome_unknown", "x")).toMatchObject({ retryable: true, moneyMayHaveMoved: true });
    expect(new SendError("limit", "x")).toMatchObject({ retryable: false, moneyMayHaveMoved: false });
    for (const [code, rule] of Object.entries(SEND_ERRORS)) expect(typeof rule.retryable, code).toBe("boolean");
  });

  it("maps a wallet refusal, a limit and anything else", () => {
    expect(toSendError({ code: 4001 }).code).toBe("wallet_rejected");
    expect(toSendError(new Error("boom"))).toMatchObject({ code: "unknown", message: "boom" });
    expect(guardError("daily_limit", "over", 5n).extra.limit).toEqual({ code: "daily_limit", over: 5n });
    expect(guardError("pay_to", "wrong").code).toBe("quote_refused");
  });
});
