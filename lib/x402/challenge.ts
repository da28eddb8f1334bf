/**
 * Reads a 402 (the gateway's price) into one `Challenge`. BlockRun sends the same PaymentRequired in up to four
 * places; they are tried in order: `PAYMENT-REQUIRED` (x402 v2), `X-Payment-Required`, `WWW-Authenticate: X402
 * requirements="<b64>"`, then the JSON body's mirrored `x402Version`/`accepts`. A source that is present but
 * broken falls through to the next; if none works, the first problem is reported.
 *
 * Everything here is untrusted input. Whatever comes in, the only thing thrown is a `ChallengeError` whose
 * message can be shown to a person. Reading a price never signs anything; the quote guard checks it next.
 */
import { z } from "zod";
import { decodePaymentRequiredHeader } from "@x402/core/http";
import type { PaymentRequired, PaymentRequirements } from "@x402/core/types";
import type { Network } from "../networks";
import { parseAtomic } from "../money";
import { isRecord, readTextCapped, tryParseJson } from "./http-body";

export type { PaymentRequired, PaymentRequirements };

export class ChallengeError extends Error {
  constructor(
    message: string,
    /** Technical detail for logs; the message alone is meant for a person. */
    public readonly detail?: string,
  ) {
    super(message);
    this.name = "ChallengeError";
  }
}

export interface Challenge {
  /** The PaymentRequired as the gateway sent it (from the header, or rebuilt from the body's mirror). */
  paymentRequired: PaymentRequired;
  /** The `exact` entry for this network, unchanged (it is echoed back as `accepted`). */
  requirement: PaymentRequirements;
  /** requirement.amount, USDC atomic units. */
  amount: bigint;
  /** The body's `price.breakdown` (display only: inputCost, outputCost, margin, fee ...). */
  breakdown?: Record<string, string>;
  /** The body's `price` headline, e.g. {amount: "0.001000", currency: "USD"} (display only). */
  price?: { amount: string; currency: string };
  source: "header" | "body";
  /** Which header carried it, when source is "header". */
  headerName?: string;
  /** PaymentRequired.error or the body's `error` (after a paid retry: the gateway's reason code). */
  error?: string;
  /** The body's `message`, when present. */
  message?: string;
}

/** A real PaymentRequired header is about 1 KB; anything past this is refused unread. */
export const MAX_CHALLENGE_HEADER_CHARS = 64 * 1024;
/** The 402 body is a few hundred bytes; read at most this much of it. */
export const MAX_CHALLENGE_BODY_BYTES = 256 * 1024;

const HEADER_NAMES = ["PAYMENT-REQUIRED", "X-Payment-Required"] as const;

/** The signature lifetime when a 402 does not say (BlockRun's SDK default and its documented window). */
export const DEFAULT_MAX_TIMEOUT_SECONDS = 300;

const NOT_SIGNED = "Nothing was signed.";

/** Reads the 402 `res`. Consumes the body. */
export async function readChallenge(res: Response, network: Network): Promise<Challenge> {
  try {
    if (res.status !== 402) {
      await res.body?.cancel().catch(() => {});
      throw new ChallengeError(`The gateway answered ${res.status} instead of a price (402). ${NOT_SIGNED}`);
    }
    const body = await readTextCapped(res, MAX_CHALLENGE_BODY_BYTES);
    const json = body && !body.truncated ? tryParseJson(body.text) : undefined;
    return parseChallenge({ headers: res.headers, body: json, bodyTooLarge: body?.truncated ?? false }, network);
  } catch (e) {
    throw asChallengeError(e);
  }
}

/** The synchronous core of `readChallenge`: headers plus the already parsed JSON body (if any). */
export function parseChallenge(
  input: { headers: Headers; body?: unknown; bodyTooLarge?: boolean },
  network: Network,
): Challenge {
  try {
    const problems: string[] = [];
    let found: { pr: PaymentRequired; source: "header" | "body"; headerName?: string } | undefined;

    for (const name of [...HEADER_NAMES, "WWW-Authenticate"]) {
      const raw = input.headers.get(name);
      if (raw === null) continue;
      try {
        const value = name === "WWW-Authenticate" ? x402AuthParam(raw) : raw;
        if (value === undefined) continue; // another auth scheme: not ours
        found = { pr: toPaymentRequired(decodeHeader(name, value), `the ${name} header`), source: "header", headerName: name };
        break;
      } catch (e) {
        problems.push(asChallengeError(e).message);
      }
    }

    const body = isRecord(input.body) ? input.body : undefined;
    if (!found && body && ("accepts" in body || "x402Version" in body)) {
      try {
        found = { pr: fromBody(body), source: "body" };
      } catch (e) {
        problems.push(asChallengeError(e).message);
      }
    }

    if (!found) {
      if (problems.length) throw new ChallengeError(problems[0], problems.slice(1).join(" | ") || undefined);
      if (input.bodyTooLarge) {
        throw new ChallengeError(`The gateway's 402 carried no price header and a body too large to read. ${NOT_SIGNED}`);
      }
      throw new ChallengeError(`The gateway asked for payment (402) but sent no price the app can read. ${NOT_SIGNED}`);
    }

    const requirement = chooseRequirement(found.pr.accepts, network);
    const amount = parseAtomic(requirement.amount);
    const price = body ? readPrice(body.price) : undefined;
    const error = firstString(found.pr.error, body?.error);
    const message = firstString(body?.message);
    return {
      paymentRequired: found.pr,
      requirement,
      amount,
      source: found.source,
      ...(found.headerName ? { headerName: found.headerName } : {}),
      ...(price?.breakdown ? { breakdown: price.breakdown } : {}),
      ...(price?.headline ? { price: price.headline } : {}),
      ...(error !== undefined ? { error } : {}),
      ...(message !== undefined ? { message } : {}),
    };
  } catch (e) {
    throw asChallengeError(e);
  }
}

function asChallengeError(e: unknown): ChallengeError {
  if (e instanceof ChallengeError) return e;
  const detail = e instanceof Error ? e.message : String(e);
  return new ChallengeError(`The gateway's price could not be read. ${NOT_SIGNED}`, detail.slice(0, 300));
}

/** `WWW-Authenticate: X402 requirements="<b64>"` -> the b64 (undefined when no X402 challenge is in the header). */
function x402AuthParam(header: string): string | undefined {
  if (header.length > MAX_CHALLENGE_HEADER_CHARS) return header; // let decodeHeader refuse it by size
  if (!/(^|[\s,])x402(\s|$)/i.test(header)) return undefined;
  const m = /(?:^|[\s,])x402\s+(?:[^]*?[\s,])?requirements\s*=\s*(?:"([^"]*)"|([^\s,"]+))/i.exec(header);
  if (!m) throw new ChallengeError(`The gateway's WWW-Authenticate header names X402 but carries no requirements. ${NOT_SIGNED}`);
  return m[1] ?? m[2];
}

function decodeHeader(name: string, value: string): unknown {
  if (value.length > MAX_CHALLENGE_HEADER_CHARS) {
    throw new ChallengeError(
      `The gateway's ${name} header is ${Math.ceil(value.length / 1024)} KB, far larger than any price; it was refused unread. ${NOT_SIGNED}`,
    );
  }
  const v = value.trim();
  if (v === "") throw new ChallengeError(`The gateway's ${name} header is empty. ${NOT_SIGNED}`);
  if (v.startsWith("{")) {
    // Some servers put the JSON itself in the header; harmless to accept.
    const parsed = tryParseJson(v);
    if (parsed === undefined) throw new ChallengeError(`The gateway's ${name} header is not valid JSON. ${NOT_SIGNED}`);
    return parsed;
  }
  // The spec says standard base64; a base64url value is the same bytes, so it is read too.
  const b64 = v.replace(/-/g, "+").replace(/_/g, "/");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 === 1) {
    throw new ChallengeError(`The gateway's ${name} header is not valid base64. ${NOT_SIGNED}`);
  }
  try {
    return decodePaymentRequiredHeader(b64.padEnd(b64.length + ((4 - (b64.length % 4)) % 4), "="));
  } catch (e) {
    throw new ChallengeError(
      `The gateway's ${name} header does not decode to JSON. ${NOT_SIGNED}`,
      e instanceof Error ? e.message : undefined,
    );
  }
}

const resourceSchema = z.object({ url: z.string() }).passthrough();
const paymentRequiredSchema = z
  .object({
    x402Version: z.unknown(),
    error: z.string().optional(),
    resource: resourceSchema.optional(),
    accepts: z.array(z.unknown(), { invalid_type_error: "accepts is not a list" }),
    extensions: z.record(z.unknown()).optional(),
  })
  .passthrough();

function toPaymentRequired(decoded: unknown, where: string): PaymentRequired {
  if (!isRecord(decoded)) throw new ChallengeError(`The price in ${where} is not a JSON object. ${NOT_SIGNED}`);
  checkVersion(decoded.x402Version, where);
  const r = paymentRequiredSchema.safeParse(decoded);
  if (!r.success) throw new ChallengeError(`The price in ${where} is malformed (${issues(r.error)}). ${NOT_SIGNED}`);
  if (r.data.accepts.length === 0) throw new ChallengeError(`The price in ${where} offers no way to pay. ${NOT_SIGNED}`);
  return decoded as unknown as PaymentRequired;
}

function fromBody(body: Record<string, unknown>): PaymentRequired {
  const info = isRecord(body.paymentInfo) ? body.paymentInfo : undefined;
  const version = body.x402Version ?? info?.x402Version;
  const pr = toPaymentRequired({ ...pick(body, ["error", "resource", "accepts", "extensions"]), x402Version: version }, "the 402 body");
  // Only the PaymentRequired fields are kept: the body also carries display fields (price, message, paymentInfo).
  return pr;
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

function checkVersion(v: unknown, where: string) {
  if (v === 2) return;
  if (v === undefined) throw new ChallengeError(`The price in ${where} does not say which x402 version it uses. ${NOT_SIGNED}`);
  throw new ChallengeError(
    `The price in ${where} uses x402 version ${String(v).slice(0, 20)}; this app pays with version 2 only. ${NOT_SIGNED}`,
  );
}

const requirementSchema = z
  .object({
    scheme: z.literal("exact"),
    network: z.string(),
    amount: z
      .string({ required_error: "no amount", invalid_type_error: "amount is not a string" })
      .regex(/^\d{1,30}$/, "amount is not a whole number of USDC atomic units"),
    asset: z.string({ required_error: "no asset" }).min(1),
    payTo: z.string({ required_error: "no payTo" }).min(1),
    maxTimeoutSeconds: z.number({ invalid_type_error: "maxTimeoutSeconds is not a number" }).int().nonnegative().optional(),
    extra: z.record(z.unknown()).optional(),
  })
  .passthrough();

/** Picks `scheme === "exact"` on this network explicitly: an `upto` entry may come first or later. */
function chooseRequirement(accepts: unknown[], network: Network): PaymentRequirements {
  const exact = accepts.filter(
    (a): a is Record<string, unknown> => isRecord(a) && a.scheme === "exact" && a.network === network.caip2,
  );
  if (exact.length === 0) {
    const offered = accepts
      .filter(isRecord)
      .map((a) => `${String(a.scheme).slice(0, 20)} on ${String(a.network).slice(0, 40)}`)
      .slice(0, 4)
      .join(", ");
    throw new ChallengeError(
      `The gateway offers no "exact" USDC payment on ${network.name} (${network.caip2})` +
        (offered ? `; it offers: ${offered}` : "") +
        `. ${NOT_SIGNED}`,
    );
  }
  // Several exact entries for one network: prefer the table's USDC (the guard refuses any other asset anyway).
  const chosen =
    exact.find((a) => typeof a.asset === "string" && a.asset.toLowerCase() === network.usdc.address.toLowerCase()) ?? exact[0];
  const r = requirementSchema.safeParse(chosen);
  if (!r.success) throw new ChallengeError(`The gateway's price is malformed: ${issues(r.error)}. ${NOT_SIGNED}`);
  // A missing maxTimeoutSeconds means 300, as BlockRun's SDK reads it (@blockrun/llm extractPaymentDetails:
  // `option.maxTimeoutSeconds || 300`) and as its docs state the window. The SDK also echoes it as 300 in
  // `accepted`, and BlockRun matches a payment by its amount, so the filled-in value is safe to send back.
  if (chosen.maxTimeoutSeconds === undefined) return { ...chosen, maxTimeoutSeconds: DEFAULT_MAX_TIMEOUT_SECONDS } as unknown as PaymentRequirements;
  return chosen as unknown as PaymentRequirements;
}

function issues(err: z.ZodError): string {
  return err.issues
    .slice(0, 3)
    .map((i) => (i.path.length && !i.message.includes(String(i.path[0])) ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

function firstString(...vs: unknown[]): string | undefined {
  for (const v of vs) if (typeof v === "string" && v.trim() !== "") return v.slice(0, 500);
  return undefined;
}

/** The body's display-only `price`: kept as short strings (it is untrusted text shown to a person). */
function readPrice(price: unknown): { headline?: { amount: string; currency: string }; breakdown?: Record<string, string> } | undefined {
  if (!isRecord(price)) return undefined;
  const short = (v: unknown) =>
    typeof v === "string" ? v.slice(0, 64) : typeof v === "number" && Number.isFinite(v) ? String(v) : undefined;
  const amount = short(price.amount);
  const currency = short(price.currency);
  let breakdown: Record<string, string> | undefined;
  if (isRecord(price.breakdown)) {
    for (const [k, v] of Object.entries(price.breakdown).slice(0, 20)) {
      const s = short(v);
      if (s !== undefined && /^[A-Za-z0-9_ -]{1,40}$/.test(k)) (breakdown ??= {})[k] = s;
    }
  }
  return { ...(amount && currency ? { headline: { amount, currency } } : {}), ...(breakdown ? { breakdown } : {}) };
}
