/**
 * The gateway's error type, apart from the code that reads error answers (lib/blockrun/errors.ts, which needs
 * @x402/core/http): the model catalog, in the first load, throws these without loading that code.
 */
export type GatewayErrorKind =
  | "bad_request"
  | "payment_refused"
  | "rate_limited"
  | "upstream"
  | "timeout"
  | "unreachable"
  | "too_large"
  | "unknown";

/** What happened to the person's money. An unpaid request that fails cannot have charged anything. A paid one
 *  may have: the gateway's word that it did not settle is a reason, not proof (the signed authorization stays
 *  valid until it expires), so it is "unknown" until the chain says (lib/payments/status.ts). */
export type MoneyOutcome = "not_charged" | "unknown";

export class GatewayError extends Error {
  readonly kind: GatewayErrorKind;
  /** HTTP status; 0 when no answer came at all. */
  readonly status: number;
  /** The gateway's own words (reason code, error text, validation details), shown as is. */
  readonly detail?: string;
  readonly retryAfterSeconds?: number;
  readonly money: MoneyOutcome;

  constructor(o: {
    kind: GatewayErrorKind;
    status: number;
    message: string;
    detail?: string;
    retryAfterSeconds?: number;
    money?: MoneyOutcome;
    cause?: unknown;
  }) {
    super(o.message, o.cause === undefined ? undefined : { cause: o.cause });
    this.name = "GatewayError";
    this.kind = o.kind;
    this.status = o.status;
    this.money = o.money ?? (o.status > 0 ? "not_charged" : "unknown");
    if (o.detail !== undefined) this.detail = o.detail;
    if (o.retryAfterSeconds !== undefined) this.retryAfterSeconds = o.retryAfterSeconds;
  }

  /** Worth trying again as is (after `retryAfterSeconds`, when set). */
  get transient(): boolean {
    return this.kind === "rate_limited" || this.kind === "upstream" || this.kind === "timeout" || this.kind === "unreachable";
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
    money: "not_charged",
    cause,
  });
}

