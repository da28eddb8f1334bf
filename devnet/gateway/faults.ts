/**
 * Armed faults (`POST /__devnet/faults`): each applies to the next `times` chat-completion requests that reach
 * the stage where it acts, and is consumed there, so a fault meant for the paid retry is not eaten by the 402:
 *
 *   request    rate_limit, bad_gateway                     any chat request, before anything else
 *   first-byte slow_first_byte {ms, on?}                   requests that get an answer (paid or free model);
 *                                                          `on: "any"` delays every request, the 402 too
 *   challenge  body_only_challenge, hostile_pay_to,        unpaid requests answered with a 402 challenge
 *              hostile_asset, hostile_amount {amount},     (short_timeout: a signature valid `seconds`; the
 *              short_timeout {seconds}                     paid retry may then be refused: see refusal_shape)
 *   paid       refusal_shape {shape, reason?}               paid retries, before verification: refuse in one of
 *                                                          the shapes servers use (nothing is verified or settled)
 *   upstream   upstream_failure {status?}                  after verification (or for a free model), before answering
 *   settle     settlement_failure, fallback                paid, verified requests
 *   settled    error_after_settle {status?},              paid requests, after the USDC moved: the answer is lost
 *              slow_after_settle {ms}                      (a proxy's 502) or late (past a client's timeout)
 *   stream     stream_glitch {bad_frame?, omit_done?,      streamed answers (paid after settlement, or free): a
 *              cut_after?, error_text?}                    frame that is not JSON, no [DONE], the connection cut
 *                                                          after n pieces, or a plain-text `event: error` there
 */
import { z } from "zod";

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "an address");

export const faultSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("rate_limit"), times: z.number().int().positive().default(1), retry_after_seconds: z.number().int().nonnegative().default(1) }),
  z.object({ kind: z.literal("bad_gateway"), times: z.number().int().positive().default(1) }),
  z.object({ kind: z.literal("upstream_failure"), times: z.number().int().positive().default(1), status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).default(502) }),
  z.object({ kind: z.literal("settlement_failure"), times: z.number().int().positive().default(1) }),
  z.object({ kind: z.literal("fallback"), times: z.number().int().positive().default(1) }),
  z.object({ kind: z.literal("slow_first_byte"), times: z.number().int().positive().default(1), ms: z.number().int().nonnegative().max(600_000).default(2000), on: z.enum(["answer", "any"]).default("answer") }),
  z.object({ kind: z.literal("error_after_settle"), times: z.number().int().positive().default(1), status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).default(502) }),
  z.object({ kind: z.literal("slow_after_settle"), times: z.number().int().positive().default(1), ms: z.number().int().nonnegative().max(600_000).default(5000) }),
  z.object({ kind: z.literal("short_timeout"), times: z.number().int().positive().default(1), seconds: z.number().int().positive().max(900).default(5) }),
  z.object({ kind: z.literal("body_only_challenge"), times: z.number().int().positive().default(1) }),
  z.object({ kind: z.literal("hostile_pay_to"), times: z.number().int().positive().default(1), payTo: address.default("0x000000000000000000000000000000000000dEaD") }),
  z.object({ kind: z.literal("hostile_asset"), times: z.number().int().positive().default(1), asset: address.default("0x4200000000000000000000000000000000000006") }),
  z.object({ kind: z.literal("hostile_amount"), times: z.number().int().positive().default(1), amount: z.string().regex(/^\d{1,30}$/, "atomic units").default("100000000") }),
  z.object({
    kind: z.literal("refusal_shape"),
    times: z.number().int().positive().default(1),
    /** header_only: x402 reference server (402, body {}, reason in PAYMENT-REQUIRED's error); details: 402
     *  {error, details}; code_debug: BlockRun's 402 {error, code, message, debug}; status_400 / status_401: a bad
     *  payment answered 400 or 401. */
    shape: z.enum(["header_only", "details", "code_debug", "status_400", "status_401"]),
    reason: z.string().min(1).max(200).default("invalid_exact_evm_signature"),
  }),
  z.object({
    kind: z.literal("stream_glitch"),
    times: z.number().int().positive().default(1),
    /** A `data:` frame that is not JSON, sent after the first piece. */
    bad_frame: z.boolean().default(true),
    /** End the stream without `data: [DONE]`. */
    omit_done: z.boolean().default(true),
    /** Cut the connection after this many content pieces (before the finish reason). */
    cut_after: z.number().int().nonnegative().optional(),
    /** With cut_after: send `event: error` with this plain text instead of cutting. */
    error_text: z.string().min(1).max(300).optional(),
  }),
]);

export type Fault = z.infer<typeof faultSchema>;
export type FaultKind = Fault["kind"];

interface Armed { fault: Fault; remaining: number }

export class FaultBox {
  private armed: Armed[] = [];

  arm(f: Fault): void {
    this.armed.push({ fault: f, remaining: f.times });
  }

  clear(): void {
    this.armed = [];
  }

  list(): { kind: FaultKind; remaining: number }[] {
    return this.armed.map((a) => ({ ...a.fault, remaining: a.remaining }));
  }

  get size(): number {
    return this.armed.length;
  }

  /** Takes the first armed fault among `kinds` (optionally filtered), consuming one of its uses. */
  take<K extends FaultKind>(kinds: readonly K[], accept?: (f: Extract<Fault, { kind: K }>) => boolean): Extract<Fault, { kind: K }> | undefined {
    if (this.armed.length === 0) return undefined;
    for (let i = 0; i < this.armed.length; i++) {
      const a = this.armed[i];
      if (!(kinds as readonly string[]).includes(a.fault.kind)) continue;
      const f = a.fault as Extract<Fault, { kind: K }>;
      if (accept && !accept(f)) continue;
      if (--a.remaining <= 0) this.armed.splice(i, 1);
      return f;
    }
    return undefined;
  }
}
