/** One error type for everything that can stop a send, each with a message meant for the person. */
import { GatewayError } from "../blockrun/errors";
import { ChallengeError } from "../x402/challenge";

export type SendErrorCode =
  | "wallet_rejected" | "wrong_network" | "insufficient_funds" | "quote_refused" | "payment_refused"
  | "rate_limited" | "unreachable" | "rpc_unavailable" | "aborted" | "stream_broken" | string;

export class SendError extends Error {
  constructor(public code: SendErrorCode, message: string, public retryAfterSeconds?: number) {
    super(message);
    this.name = "SendError";
  }
}

/** Wallets signal a refusal with EIP-1193 code 4001 (viem wraps it as UserRejectedRequestError). */
function isUserRejection(e: unknown): boolean {
  for (let cur = e as { code?: number; name?: string; cause?: unknown } | undefined, i = 0; cur && i < 6; cur = cur.cause as typeof cur, i++) {
    if (cur.code === 4001 || cur.name === "UserRejectedRequestError") return true;
  }
  return false;
}

/**
 * The chain's RPC did not answer, or refused (viem's HttpRequestError / RpcRequestError / TimeoutError, or a bare
 * fetch failure): said plainly, with the node's host and the setting that chooses it.
 */
function rpcFailure(e: unknown): SendError | undefined {
  for (let cur = e as { name?: string; url?: string; shortMessage?: string; message?: string; cause?: unknown } | undefined, i = 0; cur && i < 6; cur = cur.cause as typeof cur, i++) {
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

export function toSendError(e: unknown): SendError {
  if (e instanceof SendError) return e;
  const rpc = rpcFailure(e);
  if (rpc) return rpc;
  if (isUserRejection(e)) return new SendError("wallet_rejected", "You declined in the wallet. Nothing was signed and nothing was paid; your message is still in the box.");
  if (e instanceof GatewayError) return new SendError(e.kind, e.message, e.retryAfterSeconds);
  if (e instanceof ChallengeError) return new SendError("bad_challenge", e.message);
  if (e instanceof DOMException && e.name === "AbortError") return new SendError("aborted", "Stopped.");
  const msg = e instanceof Error ? (e as { shortMessage?: string }).shortMessage || e.message : String(e);
  return new SendError("unknown", msg || "Something went wrong.");
}
