/**
 * Everything that can stop a send, as one closed list of codes. Whether a code may be retried as is, and whether
 * money may have moved when it happens, is decided here and nowhere else. The message is always for the person.
 */
import { GatewayError } from "../../blockrun/errors";
import { ChallengeError } from "../../x402/challenge";
import { QuoteRefusedError, type GuardCode } from "../../x402/quote-guard";
import { SigningRefusedError } from "../../x402/wallet-signer";
import type { LimitCode } from "../../history/budgets";

export const SEND_ERRORS = {
  // Before any signature left the browser: no money can move.
  busy: { retryable: false, moneyMayHaveMoved: false },
  no_wallet: { retryable: true, moneyMayHaveMoved: false },
  wallet_rejected: { retryable: true, moneyMayHaveMoved: false },
  wrong_network: { retryable: true, moneyMayHaveMoved: false },
  insufficient_funds: { retryable: false, moneyMayHaveMoved: false },
  limit: { retryable: false, moneyMayHaveMoved: false },
  quote_refused: { retryable: false, moneyMayHaveMoved: false },
  bad_challenge: { retryable: true, moneyMayHaveMoved: false },
  rate_limited: { retryable: true, moneyMayHaveMoved: false },
  unreachable: { retryable: true, moneyMayHaveMoved: false },
  gateway_error: { retryable: true, moneyMayHaveMoved: false },
  rpc_unavailable: { retryable: true, moneyMayHaveMoved: false },
  // After the signed request left: the signature exists until it expires, so only the chain can say.
  payment_refused: { retryable: true, moneyMayHaveMoved: true },
  outcome_unknown: { retryable: true, moneyMayHaveMoved: true },
  stream_broken: { retryable: false, moneyMayHaveMoved: true },
  unknown: { retryable: true, moneyMayHaveMoved: false },
} as const satisfies Record<string, { retryable: boolean; moneyMayHaveMoved: boolean }>;

export type SendErrorCode = keyof typeof SEND_ERRORS;

export class SendError extends Error {
  readonly retryable: boolean;
  readonly moneyMayHaveMoved: boolean;
  constructor(
    readonly code: SendErrorCode,
    message: string,
    readonly extra: { retryAfterSeconds?: number; limit?: { code: LimitCode; over: bigint } } = {},
  ) {
    super(message);
    this.name = "SendError";
    this.retryable = SEND_ERRORS[code].retryable;
    this.moneyMayHaveMoved = SEND_ERRORS[code].moneyMayHaveMoved;
  }
}

/** Wallets signal a refusal with EIP-1193 code 4001 (viem wraps it as UserRejectedRequestError). */
function isUserRejection(e: unknown): boolean {
  for (let cur = e as { code?: number; name?: string; cause?: unknown } | undefined, i = 0; cur && i < 6; cur = cur.cause as typeof cur, i++) {
    if (cur.code === 4001 || cur.name === "UserRejectedRequestError") return true;
  }
  return false;
}

/** The guard's refusal: a limit (with the "raise by X" offer) or terms the table does not allow. */
export function guardError(code: GuardCode | "gone", message: string, over?: bigint): SendError {
  if ((code === "daily_limit" || code === "conversation_limit") && over !== undefined) {
    return new SendError("limit", message, { limit: { code, over } });
  }
  return new SendError(code === "cap" ? "limit" : "quote_refused", message);
}

const GATEWAY_CODE: Record<GatewayError["kind"], SendErrorCode> = {
  bad_request: "gateway_error",
  payment_refused: "payment_refused",
  rate_limited: "rate_limited",
  upstream: "gateway_error",
  timeout: "gateway_error",
  unreachable: "unreachable",
  too_large: "gateway_error",
  unknown: "gateway_error",
};

/**
 * The chain's RPC did not answer, or refused (viem's HttpRequestError / RpcRequestError / TimeoutError, or a bare
 * fetch failure): said plainly, with the node's host and the setting that chooses it.
 */
function rpcFailure(e: unknown): SendError | undefined {
  type Cause = { name?: string; url?: string; shortMessage?: string; message?: string; cause?: unknown };
  for (let cur = e as Cause | undefined, i = 0; cur && i < 6; cur = cur.cause as Cause | undefined, i++) {
    if (cur.name === "HttpRequestError" || cur.name === "RpcRequestError" || cur.name === "TimeoutError" || cur.name === "WebSocketRequestError") {
      let host = "";
      try {
        host = cur.url ? ` at ${new URL(cur.url).host}` : "";
      } catch {
        host = "";
      }
      const why = (cur.shortMessage || cur.message || "").split("\n")[0].slice(0, 160);
      return new SendError(
        "rpc_unavailable",
        `The chain's RPC${host} refused or did not answer (${why}). Nothing was signed and nothing was paid. ` +
          "Try again; if it persists, the RPC URL is set with BASE_RPC_URL / BASE_SEPOLIA_RPC_URL (defaults in lib/networks.ts).",
      );
    }
  }
  return undefined;
}

/** Any failure before a signature left the browser, as a SendError. */
export function toSendError(e: unknown): SendError {
  if (e instanceof SendError) return e;
  const rpc = rpcFailure(e);
  if (rpc) return rpc;
  if (isUserRejection(e)) {
    return new SendError("wallet_rejected", "You declined in the wallet. Nothing was signed and nothing was paid; your message is still in the box.");
  }
  if (e instanceof QuoteRefusedError) return guardError(e.code, e.message, e.over);
  if (e instanceof SigningRefusedError) return new SendError(e.code === "chain" ? "wrong_network" : "quote_refused", e.message);
  if (e instanceof GatewayError) return new SendError(GATEWAY_CODE[e.kind], e.message, { retryAfterSeconds: e.retryAfterSeconds });
  if (e instanceof ChallengeError) return new SendError("bad_challenge", e.message);
  if (e instanceof DOMException && e.name === "AbortError") return new SendError("unknown", "Stopped before anything was signed.");
  const msg = e instanceof Error ? (e as { shortMessage?: string }).shortMessage || e.message : String(e);
  return new SendError("unknown", msg || "Something went wrong. Nothing was signed.");
}
