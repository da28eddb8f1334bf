/**
 * One error type for everything the gateway (or our pass-through route in front of it) can answer besides a
 * reply, with a message that says what happened, what to do, and whether money moved. Reason codes from the
 * payment layer are shown verbatim and never parsed: they are the gateway's words, not ours.
 *
 * The shapes read here, each from a source (see devnet/gateway/README.md for the full list):
 *  - x402's reference server (@x402/core 2.27 `x402HTTPResourceServer.processHTTPRequest`): a refused payment is
 *    a 402 with body `{}` and the reason only in the PAYMENT-REQUIRED header's `error`.
 *  - BlockRun (awesome-blockrun docs/api-reference/errors.md, docs/x402/payment-flow.md): a refused payment is a
 *    402 `{error: "Payment verification failed", code: "PAYMENT_UNFUNDED" | ..., message, debug, payer}`;
 *    other errors use OpenAI's envelope `{error: {message, type, code}}` with `message`/`code` mirrored at the
 *    top level and `debug` holding the upstream text; a bad body is `{error, details: [...]}`.
 *  - BlockRun's account API and SDK tests (blockrun-llm-ts test/unit/retry-disposition.test.ts): `{message, code}`.
 *  - x402 spec transports-v2/http.md and x402 PRs #2439 / #2843: an undecodable PAYMENT-SIGNATURE is a 400
 *    (`invalid_payload`); some servers answer 401 to a bad signature. After a payment was sent, both are a
 *    refused payment, never "access refused" or "check the model".
 */
import { decodePaymentRequiredHeader, decodePaymentResponseHeader } from "@x402/core/http";
import { isRecord, readTextCapped, tryParseJson } from "../x402/http-body";

export { GatewayError, unreachableError, type GatewayErrorKind, type MoneyOutcome } from "./gateway-error";
import { GatewayError, type GatewayErrorKind, type MoneyOutcome } from "./gateway-error";

const MAX_ERROR_BODY_BYTES = 64 * 1024;

export interface RefusalOptions {
  /** A payment header went with the request: a 400/401 is then about the payment. */
  paid?: boolean;
}

/** Maps a non-2xx answer to a GatewayError. Consumes the body; never throws. */
export async function gatewayErrorFrom(res: Response, opts: RefusalOptions = {}): Promise<GatewayError> {
  const body = await readErrorBody(res);
  return toGatewayError(describeRefusal({ status: res.status, headers: res.headers, body }, opts));
}

/** The JSON body of an error answer (a plain-text body becomes `{error: text}`; HTML or junk is undefined). */
export async function readErrorBody(res: Response): Promise<unknown> {
  try {
    const text = await readTextCapped(res, MAX_ERROR_BODY_BYTES);
    const body = text && !text.truncated ? tryParseJson(text.text) : undefined;
    if (body === undefined && text && text.text.trim() && !text.text.trimStart().startsWith("<")) {
      return { error: text.text.trim().slice(0, 300) };
    }
    return body;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// describeRefusal: the pure decision

export interface Refusal {
  kind: GatewayErrorKind;
  status: number;
  /** The gateway's own reason (code, debug, details, header `error`, settlement errorReason), verbatim. */
  reason?: string;
  /** What happened, in a person's words, ending with what happened to the money. */
  message: string;
  money: MoneyOutcome;
  retryAfterSeconds?: number;
}

function str(v: unknown, n = 300): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v.trim().slice(0, n) : undefined;
}

/** Everything a gateway may put in an error body, whichever of the shapes above it used. */
interface ErrorText {
  /** `error` when a string, else `error.message` (OpenAI envelope). */
  error?: string;
  message?: string;
  code?: string;
  type?: string;
  debug?: string;
  details?: string;
  /** Facilitator-style fields some servers put in the body. */
  reasonCode?: string;
}

function readErrorText(raw: unknown): ErrorText {
  const b = isRecord(raw) ? raw : undefined;
  if (!b) return {};
  const nested = isRecord(b.error) ? b.error : undefined;
  const out: ErrorText = {};
  const error = str(b.error) ?? str(nested?.message);
  const message = str(b.message, 500);
  const code = str(b.code, 80) ?? str(nested?.code, 80);
  const type = str(nested?.type, 80);
  const debug = str(b.debug, 300);
  const details = renderDetails(b.details);
  const reasonCode = str(b.errorReason, 200) ?? str(b.invalidReason, 200);
  if (error) out.error = error;
  if (message && message !== error) out.message = message;
  if (code) out.code = code;
  if (type) out.type = type;
  if (debug) out.debug = debug;
  if (details) out.details = details;
  if (reasonCode) out.reasonCode = reasonCode;
  return out;
}

/** Our own route answers `{error: "snake_case_code", message}`; BlockRun's codes are UPPER_CASE or phrases. */
function routeError(raw: unknown): { code: string; message: string } | undefined {
  const body = isRecord(raw) ? raw : undefined;
  const code = str(body?.error, 80);
  const message = str(body?.message, 500);
  return code && message && /^[a-z][a-z0-9_]*$/.test(code) ? { code, message } : undefined;
}

function renderDetails(details: unknown): string | undefined {
  if (!Array.isArray(details)) return str(details);
  const parts = details.slice(0, 3).map((d) => {
    if (typeof d === "string") return d;
    if (isRecord(d)) {
      const path = Array.isArray(d.path) ? d.path.join(".") : str(d.path) ?? str(d.field);
      const msg = str(d.message) ?? JSON.stringify(d).slice(0, 120);
      return path ? `${path}: ${msg}` : msg;
    }
    return String(d);
  });
  return parts.length ? parts.join("; ").slice(0, 500) + (details.length > 3 ? ` (and ${details.length - 3} more)` : "") : undefined;
}

function retryAfter(headers: Headers, body: unknown): number | undefined {
  const h = headers.get("Retry-After")?.trim();
  if (h) {
    if (/^\d+$/.test(h)) return Math.min(Number(h), 86_400);
    const at = Date.parse(h);
    if (!Number.isNaN(at)) return Math.max(0, Math.min(Math.ceil((at - Date.now()) / 1000), 86_400));
  }
  const b = isRecord(body) ? body.retry_after_seconds ?? body.retryAfterSeconds : undefined;
  const n = typeof b === "number" ? b : typeof b === "string" ? Number(b) : NaN;
  return Number.isFinite(n) && n >= 0 ? Math.min(Math.ceil(n), 86_400) : undefined;
}

/** PAYMENT-RESPONSE's errorReason (a failed settlement), with its errorMessage. */
function settlementReason(headers: Headers): string | undefined {
  const pr = headers.get("PAYMENT-RESPONSE") ?? headers.get("X-PAYMENT-RESPONSE");
  if (!pr || pr.length >= 16_384) return undefined;
  try {
    const s = decodePaymentResponseHeader(pr.trim()) as unknown;
    if (!isRecord(s)) return undefined;
    const reason = str(s.errorReason, 200);
    const msg = str(s.errorMessage, 300);
    return reason ? reason + (msg ? ` (${msg})` : "") : msg;
  } catch {
    return undefined;
  }
}

/** The `error` of a PAYMENT-REQUIRED (or X-Payment-Required) header: where a standard x402 server puts the reason. */
function challengeHeaderError(headers: Headers): string | undefined {
  for (const name of ["PAYMENT-REQUIRED", "X-Payment-Required"]) {
    const v = headers.get(name);
    if (!v || v.length > 64 * 1024) continue;
    try {
      const pr = decodePaymentRequiredHeader(v.trim()) as unknown;
      const e = isRecord(pr) ? str(pr.error, 200) : undefined;
      if (e) return e;
    } catch {
      // unreadable: try the next place
    }
  }
  return undefined;
}

/** Headlines that say "a payment problem" without saying which: not a reason on their own. */
const GENERIC = /^(payment required|payment verification failed|payment rejected|settlement failed|unauthorized|bad request|invalid payment)$/i;
const PAYMENTISH = /payment|signature|x402|authoriz|invalid_payload|invalid_exact|nonce|settle/i;

/** The gateway's reason for refusing a payment, assembled from every place a server may put it. */
function paymentReason(headers: Headers, t: ErrorText): string | undefined {
  const heads = unique([
    settlementReason(headers),
    t.code,
    challengeHeaderError(headers),
    t.reasonCode,
    t.error && !GENERIC.test(t.error) ? t.error : undefined,
  ]);
  const extra = unique([t.debug, t.details, t.message && !GENERIC.test(t.message) ? t.message : undefined]).filter(
    (x) => !heads.includes(x),
  );
  if (!heads.length && !extra.length) return undefined;
  const head = heads.length ? heads.join(", ") : extra.shift()!;
  return (extra.length ? `${head} (${extra.join("; ")})` : head).slice(0, 500);
}

function unique(xs: (string | undefined)[]): string[] {
  const out: string[] = [];
  for (const x of xs) if (x && !out.includes(x)) out.push(x);
  return out;
}

const NOT_CHARGED = "You were not charged.";
/** After a signature: what the gateway says, and who has the last word. */
const PAID_SAYS = "The gateway says it did not settle your payment; the app confirms that on chain.";

/**
 * The one place that decides what a failed answer means for the person: its kind, the gateway's reason, a
 * message, and what happened to the money. Pure: status, headers and the parsed body in, a Refusal out.
 */
export function describeRefusal(r: { status: number; headers: Headers; body?: unknown }, opts: RefusalOptions = {}): Refusal {
  const { status, headers, body } = r;
  const t = readErrorText(body);
  const route = routeError(body);
  /** The gateway's text for a non-payment error: the upstream message, then the code and the raw upstream text. */
  const said = unique([t.error ?? t.message, t.error ? t.message : undefined]).join(" — ") || undefined;
  const said2 = said && t.details ? `${said}: ${t.details}` : said ?? t.details;
  const detail = unique([t.code, t.debug]).join(": ") || undefined;
  const make = (kind: GatewayErrorKind, message: string, reason?: string, retry?: number): Refusal => ({
    kind,
    status,
    message: opts.paid ? message.replace(" It was not settled.", "").replace(NOT_CHARGED, PAID_SAYS) : message,
    money: opts.paid ? "unknown" : "not_charged",
    ...(reason !== undefined ? { reason } : {}),
    ...(retry !== undefined ? { retryAfterSeconds: retry } : {}),
  });

  const hasChallenge = headers.has("PAYMENT-REQUIRED") || headers.has("X-Payment-Required") || headers.has("PAYMENT-RESPONSE");
  const aboutPayment =
    status === 402 ||
    (opts.paid === true &&
      (status === 401 ||
        (status === 400 && (hasChallenge || PAYMENTISH.test([t.error, t.code, t.message, t.debug, t.type].join(" "))))));
  if (aboutPayment) {
    const reason = paymentReason(headers, t);
    return make(
      "payment_refused",
      `The gateway refused the payment${reason ? `: ${reason}` : ""}. It was not settled. ${NOT_CHARGED}`,
      reason,
    );
  }

  if (route) {
    // Our pass-through explains itself already; keep its words and classify by status.
    const kind: GatewayErrorKind =
      /unreachable|connect|network_error|fetch_failed/.test(route.code) ? "unreachable"
      : status === 504 || /timeout/.test(route.code) ? "timeout"
      : status === 413 ? "too_large"
      : status === 429 ? "rate_limited"
      : status === 502 || status === 503 ? "upstream"
      : status >= 400 && status < 500 ? "bad_request"
      : "unknown";
    return make(kind, route.message, route.code, kind === "rate_limited" || kind === "upstream" ? retryAfter(headers, body) : undefined);
  }

  const quoted = said2 ? ` (${said2})` : "";
  // BlockRun answers an oversized body or prompt with a 400 and a code (errors.md): the same advice as a 413.
  const tooLarge = status === 400 && /^(REQUEST_TOO_LARGE|CONTEXT_LENGTH_EXCEEDED)$/.test(t.code ?? "");
  switch (tooLarge ? 413 : status) {
    case 400:
      return make(
        "bad_request",
        `The gateway refused the request${quoted}. Check the model and settings (max tokens, temperature) and try again. ${NOT_CHARGED}`,
        unique([said2, detail]).join(" | ") || undefined,
      );
    case 408:
    case 504:
      return make(
        "timeout",
        `The model took too long to answer and the gateway gave up${quoted}. Try again, perhaps with fewer max tokens. ${NOT_CHARGED}`,
        detail ?? said,
      );
    case 413:
      return make(
        "too_large",
        `This conversation is too large for the gateway${quoted}. Start a new chat or shorten the earlier messages. ${NOT_CHARGED}`,
        detail ?? said,
      );
    case 429: {
      const wait = retryAfter(headers, body);
      return make(
        "rate_limited",
        `Too many requests: the gateway is rate limiting you${quoted}` +
          `${wait !== undefined ? `; try again in ${wait} second${wait === 1 ? "" : "s"}` : "; wait a moment and try again"}. ${NOT_CHARGED}`,
        detail ?? said,
        wait,
      );
    }
    case 500:
    case 502:
    case 503:
      return make(
        "upstream",
        `The model's provider is not answering right now (${status}${said ? `: ${said}` : ""}). Try again in a moment or pick another model. ${NOT_CHARGED}`,
        detail ?? said,
        retryAfter(headers, body),
      );
    case 401:
    case 403:
      return make("bad_request", `The gateway refused access (${status})${quoted}. ${NOT_CHARGED}`, detail ?? said);
    case 404:
      return make("bad_request", `The gateway does not know this endpoint or model (404)${quoted}. Pick another model. ${NOT_CHARGED}`, detail ?? said);
    default:
      return make(
        status >= 400 && status < 500 ? "bad_request" : "unknown",
        `The gateway answered ${status}${quoted}. Try again; if it persists, pick another model. ${NOT_CHARGED}`,
        detail ?? said,
      );
  }
}

function toGatewayError(r: Refusal): GatewayError {
  return new GatewayError({
    kind: r.kind,
    status: r.status,
    message: r.message,
    money: r.money,
    ...(r.reason !== undefined ? { detail: r.reason } : {}),
    ...(r.retryAfterSeconds !== undefined ? { retryAfterSeconds: r.retryAfterSeconds } : {}),
  });
}
