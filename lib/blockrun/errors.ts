/**
 * One error type for everything the gateway (or our pass-through route in front of it) can answer besides a
 * reply, with a message that says what happened and what to do. Reason codes from the payment layer are shown
 * verbatim and never parsed: they are the gateway's words, not ours.
 */
import { decodePaymentResponseHeader } from "@x402/core/http";
import { isRecord, readTextCapped, tryParseJson } from "../x402/http-body";

export type GatewayErrorKind =
  | "bad_request"
  | "payment_refused"
  | "rate_limited"
  | "upstream"
  | "timeout"
  | "unreachable"
  | "too_large"
  | "unknown";

export class GatewayError extends Error {
  readonly kind: GatewayErrorKind;
  /** HTTP status; 0 when no answer came at all. */
  readonly status: number;
  /** The gateway's own words (reason code, error text, validation details), shown as is. */
  readonly detail?: string;
  readonly retryAfterSeconds?: number;

  constructor(o: {
    kind: GatewayErrorKind;
    status: number;
    message: string;
    detail?: string;
    retryAfterSeconds?: number;
    cause?: unknown;
  }) {
    super(o.message, o.cause === undefined ? undefined : { cause: o.cause });
    this.name = "GatewayError";
    this.kind = o.kind;
    this.status = o.status;
    if (o.detail !== undefined) this.detail = o.detail;
    if (o.retryAfterSeconds !== undefined) this.retryAfterSeconds = o.retryAfterSeconds;
  }

  /** Worth trying again as is (after `retryAfterSeconds`, when set). */
  get transient(): boolean {
    return this.kind === "rate_limited" || this.kind === "upstream" || this.kind === "timeout" || this.kind === "unreachable";
  }
}

const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** Maps a non-2xx answer to a GatewayError. Consumes the body; never throws. */
export async function gatewayErrorFrom(res: Response): Promise<GatewayError> {
  let body: unknown;
  try {
    const text = await readTextCapped(res, MAX_ERROR_BODY_BYTES);
    body = text && !text.truncated ? tryParseJson(text.text) : undefined;
    if (body === undefined && text && text.text.trim() && !text.text.trimStart().startsWith("<")) {
      body = { error: text.text.trim().slice(0, 300) };
    }
  } catch {
    body = undefined;
  }
  try {
    return errorFromParts(res.status, res.headers, body);
  } catch (e) {
    return new GatewayError({ kind: "unknown", status: res.status, message: `The gateway answered ${res.status}.`, cause: e });
  }
}

/** Network failure before any answer (DNS, refused connection, CORS, offline). */
export function unreachableError(cause: unknown): GatewayError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new GatewayError({
    kind: "unreachable",
    status: 0,
    message:
      "Could not reach the gateway. Check your connection and try again; on the devnet, make sure it is running (npm run dev). " +
      "Nothing was charged.",
    detail: why.slice(0, 300),
    cause,
  });
}

function str(v: unknown, n = 300): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v.trim().slice(0, n) : undefined;
}

/** Our own route answers `{error: "snake_case_code", message}`; BlockRun's errors are phrases ("Rate limited"). */
function routeError(body: Record<string, unknown> | undefined): { code: string; message: string } | undefined {
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

function retryAfter(headers: Headers, body: Record<string, unknown> | undefined): number | undefined {
  const h = headers.get("Retry-After")?.trim();
  if (h) {
    if (/^\d+$/.test(h)) return Math.min(Number(h), 86_400);
    const at = Date.parse(h);
    if (!Number.isNaN(at)) return Math.max(0, Math.min(Math.ceil((at - Date.now()) / 1000), 86_400));
  }
  const b = body?.retry_after_seconds ?? body?.retryAfterSeconds;
  const n = typeof b === "number" ? b : typeof b === "string" ? Number(b) : NaN;
  return Number.isFinite(n) && n >= 0 ? Math.min(Math.ceil(n), 86_400) : undefined;
}

/** The reason a paid retry was refused: PAYMENT-RESPONSE errorReason, else the 402's `error`. */
function paymentReason(headers: Headers, body: Record<string, unknown> | undefined): string | undefined {
  const pr = headers.get("PAYMENT-RESPONSE") ?? headers.get("X-PAYMENT-RESPONSE");
  if (pr && pr.length < 16_384) {
    try {
      const s = decodePaymentResponseHeader(pr.trim()) as unknown;
      if (isRecord(s)) {
        const reason = str(s.errorReason, 200);
        if (reason) return reason + (str(s.errorMessage, 300) ? ` (${str(s.errorMessage, 300)})` : "");
      }
    } catch {
      // unreadable header: fall back to the body
    }
  }
  return str(body?.error, 200) ?? str(body?.invalidReason, 200) ?? str(body?.errorReason, 200);
}

function errorFromParts(status: number, headers: Headers, raw: unknown): GatewayError {
  const body = isRecord(raw) ? raw : undefined;
  const route = routeError(body);
  const gwError = str(body?.error);
  const gwMessage = str(body?.message);
  const make = (kind: GatewayErrorKind, message: string, detail?: string, retry?: number) =>
    new GatewayError({
      kind,
      status,
      message,
      ...(detail !== undefined ? { detail } : {}),
      ...(retry !== undefined ? { retryAfterSeconds: retry } : {}),
    });

  // A 402 is always the payment layer speaking (its `error` is a snake_case reason code, like a route's code).
  if (route && status !== 402) {
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

  switch (status) {
    case 400: {
      const details = renderDetails(body?.details);
      const what = [gwError, details].filter(Boolean).join(": ");
      return make(
        "bad_request",
        `The gateway refused the request${what ? ` (${what})` : ""}. Check the model and settings (max tokens, temperature) and try again. Nothing was charged.`,
        what || undefined,
      );
    }
    case 402: {
      const reason = paymentReason(headers, body);
      return make(
        "payment_refused",
        `The gateway refused the payment${reason ? `: ${reason}` : ""}. It was not settled, so nothing was charged.`,
        reason,
      );
    }
    case 408:
    case 504:
      return make(
        "timeout",
        "The model took too long to answer and the gateway gave up. You were not charged; try again, perhaps with fewer max tokens.",
        gwError ?? gwMessage,
      );
    case 413:
      return make(
        "too_large",
        "This conversation is too large for the gateway. Start a new chat or shorten the earlier messages. Nothing was charged.",
        gwError ?? gwMessage,
      );
    case 429: {
      const wait = retryAfter(headers, body);
      return make(
        "rate_limited",
        `Too many requests: the gateway is rate limiting you${wait !== undefined ? `; try again in ${wait} second${wait === 1 ? "" : "s"}` : "; wait a moment and try again"}. Nothing was charged.`,
        gwError ?? gwMessage,
        wait,
      );
    }
    case 500:
    case 502:
    case 503:
      return make(
        "upstream",
        `The model's provider is not answering right now (${status}). Nothing was charged; try again in a moment or pick another model.`,
        gwError ?? gwMessage,
        retryAfter(headers, body),
      );
    case 401:
    case 403:
      return make("bad_request", `The gateway refused access (${status})${gwError ? `: ${gwError}` : ""}. Nothing was charged.`, gwError ?? gwMessage);
    case 404:
      return make("bad_request", `The gateway does not know this endpoint or model (404)${gwError ? `: ${gwError}` : ""}. Pick another model.`, gwError ?? gwMessage);
    default:
      return make(
        status >= 400 && status < 500 ? "bad_request" : "unknown",
        `The gateway answered ${status}${gwError ? ` (${gwError})` : ""}. Try again; if it persists, pick another model.`,
        gwError ?? gwMessage,
      );
  }
}
