/**
 * The devnet gateway: a plain `node:http` server that speaks HTTP exactly like BlockRun's gateway
 * (`/api/v1/models`, `/api/v1/chat/completions` paid per request over x402 v2), answered by a deterministic
 * responder and settled on a local chain, plus devnet-only endpoints under `/__devnet/` (faucet, faults, config,
 * health).
 *
 * Paid flow: quote the body -> 402 challenge -> on the retry, decode PAYMENT-SIGNATURE (or X-PAYMENT), match it
 * against the quote for this very body, verify with the facilitator, produce the reply, settle on chain (waiting
 * for the receipt), then answer 200 with PAYMENT-RESPONSE and X-Payment-Receipt. Streams settle before the first
 * byte. A failed reply is never settled.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHash } from "node:crypto";
import { decodePaymentSignatureHeader, encodePaymentRequiredHeader, encodePaymentResponseHeader } from "@x402/core/http";
import type { PaymentPayload, PaymentRequirements, SettleResponse } from "@x402/core/types";
import { CATALOG, FALLBACK_MODEL_ID, findModel, modelsList, type CatalogEntry } from "./catalog";
import { countPromptTokens, priceBody, quote, type ChatMessage, type Quote } from "./pricing";
import { invalidBody, validateChatRequest, type ChatRequest } from "./validation";
import { respond, splitForStreaming, type Reply } from "./responder";
import { buildUsage, chatCompletion, completionId, nowSeconds, sseFrame, chunk, usageChunk, SSE_DONE, type CompletionMeta, type Usage } from "./openai";
import { FaultBox, faultSchema } from "./faults";
import { Faucet, faucetRequestSchema } from "./faucet";
import { checkPaymentPayload, createX402, makePublicClient, paymentInfoNetwork, type X402 } from "./payment";
import { envelope, paymentRejected } from "./blockrun-errors";
import type { Fault } from "./faults";
import { tokenCount } from "./pricing";

export interface GatewayOptions {
  port: number;
  host?: string;
  rpcUrl: string;
  chainId: number;
  usdc: { address: `0x${string}`; name: string; version: string; decimals: 6 };
  payTo: `0x${string}`;
  facilitatorPrivateKey: `0x${string}`;
  faucetPrivateKey: `0x${string}`;
  /** Streaming rate default (tokens per second); 0 = as fast as possible. */
  tokensPerSecond?: number;
  /** Factories an ERC-6492 signature may call to deploy a not-yet-deployed smart account (see payment.ts). */
  eip6492AllowedFactories?: `0x${string}`[];
}

export interface Gateway {
  url: string;
  close(): Promise<void>;
}

/** Streaming pace when neither the option nor `/__devnet/config` sets one. */
export const DEFAULT_TOKENS_PER_SECOND = 200;
export const BODY_LIMIT_BYTES = 1024 * 1024;
/** Bodies up to this size have their validation, quote and 402 memoised (same body => same quote). */
const MEMO_MAX_BODY = 16 * 1024;
const MEMO_MAX_ENTRIES = 2048;
const PROMPT_CACHE_MAX = 50_000;

const CORS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
  "Access-Control-Allow-Headers":
    "Content-Type, PAYMENT-SIGNATURE, X-PAYMENT, Authorization, Access-Control-Expose-Headers",
  "Access-Control-Expose-Headers":
    "PAYMENT-REQUIRED, PAYMENT-RESPONSE, X-Payment-Required, X-Payment-Receipt, WWW-Authenticate, X-Fallback-Used, X-Fallback-Model, X-Settlement-Skipped, Retry-After, X-Max-Tokens-Capped, X-Max-Tokens-Requested, X-Max-Tokens-Effective",
};

const JSON_TYPE = "application/json; charset=utf-8";

type Headers = Record<string, string | number>;

function send(res: http.ServerResponse, status: number, body: unknown, headers?: Headers): void {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  res.writeHead(status, { ...CORS, "Content-Type": JSON_TYPE, "Content-Length": buf.length, ...headers });
  res.end(buf);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** A validated, quoted request; memoised per body for small bodies. */
type Prepared =
  | { ok: false; status: number; body: unknown; buf?: Buffer }
  | {
      ok: true;
      request: ChatRequest;
      promptTokens: number;
      quote: Quote | null;
      requirements: PaymentRequirements | null;
      /** X-Max-Tokens-* when max_tokens was clamped (on the 402 and on the answer). */
      capHeaders: Headers;
      /** Memoised unpaid 402 for one resource URL. */
      challenge?: { url: string; headers: Headers; body: Buffer };
    };

class Lru<V> {
  private map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(k: string): V | undefined {
    return this.map.get(k);
  }
  set(k: string, v: V): void {
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(k, v);
  }
}

export async function startGateway(o: GatewayOptions): Promise<Gateway> {
  const host = o.host ?? "127.0.0.1";
  const client = makePublicClient(o.rpcUrl, o.chainId);
  const x402: X402 = await createX402({
    rpcUrl: o.rpcUrl,
    chainId: o.chainId,
    usdc: o.usdc,
    payTo: o.payTo,
    facilitatorPrivateKey: o.facilitatorPrivateKey,
    eip6492AllowedFactories: o.eip6492AllowedFactories,
    client,
  });
  const faucet = new Faucet(client, o.faucetPrivateKey, o.chainId, o.usdc.address, o.rpcUrl);
  const faults = new FaultBox();
  const config = { tokensPerSecond: o.tokensPerSecond ?? DEFAULT_TOKENS_PER_SECOND };
  const memo = new Lru<Prepared>(MEMO_MAX_ENTRIES);
  const promptCache = new Set<string>();
  const paymentInfo = { network: paymentInfoNetwork(o.chainId), asset: "USDC", x402Version: 2 };
  const modelsBuf = Buffer.from(JSON.stringify(modelsList()));
  const fallbackEntry = findModel(FALLBACK_MODEL_ID)!;

  // ---------------------------------------------------------------------------------------------------------
  // Request preparation: parse, validate, count, quote.

  function prepare(raw: Buffer): Prepared {
    const small = raw.length <= MEMO_MAX_BODY;
    const key = small ? raw.toString("latin1") : "";
    if (small) {
      const hit = memo.get(key);
      if (hit) return hit;
    }
    const p = prepareUncached(raw);
    if (small) memo.set(key, p);
    return p;
  }

  function prepareUncached(raw: Buffer): Prepared {
    let json: unknown;
    try {
      json = JSON.parse(raw.toString("utf8"));
    } catch {
      const r = invalidBody([{ path: [], message: "Request body must be valid JSON", code: "invalid_json" }], "INVALID_JSON");
      return { ok: false, status: r.status, body: r.body };
    }
    const v = validateChatRequest(json);
    if (!v.ok) return { ok: false, status: v.status, body: v.body };
    const asked = v.request;
    const promptTokens = countPromptTokens(asked.messages);
    const window = asked.entry.model.context_window;
    const headroom = window - promptTokens;
    if (headroom < 1) {
      return {
        ok: false,
        status: 400,
        body: envelope(
          "CONTEXT_LENGTH_EXCEEDED",
          `The prompt (${promptTokens} tokens) does not fit ${asked.model}'s context window of ${window} tokens.`,
          "invalid_request_error",
        ),
      };
    }
    // BlockRun clamps instead of refusing: min(requested, model.maxOutput, contextHeadroom), and prices the clamped
    // value (@blockrun/llm CHANGELOG 3.8.3; X-Max-Tokens-* headers: awesome-blockrun chat-completions.md).
    const effective = Math.min(asked.maxTokens, asked.entry.model.max_output, headroom);
    const request: ChatRequest = { ...asked, maxTokens: effective };
    const capHeaders: Headers =
      effective < asked.maxTokens
        ? { "X-Max-Tokens-Capped": "true", "X-Max-Tokens-Requested": asked.maxTokens, "X-Max-Tokens-Effective": effective }
        : {};
    if (request.entry.model.billing_mode === "free") {
      return { ok: true, request, promptTokens, quote: null, requirements: null, capHeaders };
    }
    const q = quote(request.entry, promptTokens, request.maxTokens);
    return { ok: true, request, promptTokens, quote: q, requirements: x402.requirements(q.amount), capHeaders };
  }

  // ---------------------------------------------------------------------------------------------------------
  // 402 challenges.

  function resourceFor(req: http.IncomingMessage) {
    return {
      url: `http://${req.headers.host ?? `${host}`}${req.url ?? ""}`,
      description: "BlockRun AI API call",
      mimeType: "application/json",
    };
  }

  interface ChallengeOpts {
    error?: string;
    message?: string;
    headers?: boolean;
    accepts?: PaymentRequirements[];
    extraBody?: Record<string, unknown>;
    capHeaders?: Headers;
  }

  function buildChallenge(
    resource: ReturnType<typeof resourceFor>,
    q: Quote,
    requirements: PaymentRequirements,
    opts: ChallengeOpts = {},
  ): { headers: Headers; body: Buffer } {
    const accepts = opts.accepts ?? [requirements];
    const headerError = opts.error ?? "Payment required";
    const pr = x402.paymentRequired(accepts, resource, headerError);
    const body = {
      error: opts.error ?? "Payment Required",
      message: opts.message ?? "This endpoint requires x402 payment",
      price: priceBody(q),
      paymentInfo,
      x402Version: 2,
      accepts,
      resource,
      ...opts.extraBody,
    };
    const headers: Headers = { "Cache-Control": "no-store", ...opts.capHeaders };
    if (opts.headers !== false) {
      const b64 = encodePaymentRequiredHeader(pr);
      headers["PAYMENT-REQUIRED"] = b64;
      headers["X-Payment-Required"] = b64;
      headers["WWW-Authenticate"] = `X402 requirements="${b64}"`;
    }
    return { headers, body: Buffer.from(JSON.stringify(body)) };
  }

  function sendChallenge(res: http.ServerResponse, c: { headers: Headers; body: Buffer }) {
    send(res, 402, c.body, c.headers);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Answers.

  function cacheUsage(request: ChatRequest): { read?: number; write?: number; key?: string } {
    if (!request.promptCache || !request.entry.promptCache || request.messages.length < 2) return {};
    const prefix = request.messages.slice(0, -1);
    const key = createHash("sha256").update(request.model).update("\0").update(JSON.stringify(prefix)).digest("base64");
    const tokens = countPromptTokens(prefix) - 3; // without the reply primer
    return promptCache.has(key) ? { read: tokens, key } : { write: tokens, key };
  }

  function rememberPrefix(key: string | undefined) {
    if (!key) return;
    if (promptCache.size >= PROMPT_CACHE_MAX) promptCache.clear();
    promptCache.add(key);
  }

  interface Answer {
    meta: CompletionMeta;
    reply: Reply;
    usage: Usage;
    cacheKey?: string;
    entry: CatalogEntry;
  }

  function makeAnswer(request: ChatRequest, promptTokens: number, entry: CatalogEntry = request.entry): Answer {
    const maxTokens = Math.min(request.maxTokens, entry.model.max_output);
    const reply = respond({ entry, messages: request.messages, maxTokens, promptTokens });
    const cache = entry === request.entry ? cacheUsage(request) : {};
    const usage = buildUsage({
      promptTokens,
      completionTokens: reply.completionTokens,
      reasoningTokens: entry.reasoning ? reply.reasoningTokens : undefined,
      cacheRead: cache.read,
      cacheWrite: cache.write,
    });
    return { meta: { id: completionId(), created: nowSeconds(), model: entry.model.id }, reply, usage, cacheKey: cache.key, entry };
  }

  async function deliver(res: http.ServerResponse, request: ChatRequest, a: Answer, headers: Headers): Promise<void> {
    rememberPrefix(a.cacheKey);
    if (!request.stream) {
      send(res, 200, chatCompletion(a.meta, a.reply.content, a.reply.finishReason, a.usage), { "Cache-Control": "no-store", ...headers });
      return;
    }
    const glitch = faults.size ? faults.take(["stream_glitch"]) : undefined;
    res.writeHead(200, {
      ...CORS,
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
      ...headers,
    });
    res.flushHeaders();
    let closed = false;
    res.on("close", () => (closed = true));
    const tps = config.tokensPerSecond;
    const pieces = splitForStreaming(a.reply.content);
    /** Content frames, with the glitch's bad frame after the first piece. */
    const cutAt = glitch?.cut_after !== undefined ? Math.min(glitch.cut_after, pieces.length) : undefined;
    const sent = cutAt !== undefined ? pieces.slice(0, cutAt) : pieces;
    const frameOf = (p: string, i: number) =>
      sseFrame(chunk(a.meta, { content: p }, null)) + (i === 0 && glitch?.bad_frame ? 'data: {"id": "chatcmpl-broken", "choices": [\n\n' : "");
    res.write(sseFrame(chunk(a.meta, { role: "assistant", content: "" }, null)));
    if (tps <= 0) {
      res.write(sent.map(frameOf).join(""));
    } else {
      const start = performance.now();
      let tokens = 0;
      for (let i = 0; i < sent.length; i++) {
        if (closed) return;
        tokens += Math.max(1, tokenCount(sent[i]));
        const wait = start + (tokens * 1000) / tps - performance.now();
        if (wait > 1) await sleep(wait);
        if (closed) return;
        res.write(frameOf(sent[i], i));
      }
    }
    if (closed) return;
    if (cutAt !== undefined) return endGlitched(res, glitch!);
    res.write(sseFrame(chunk(a.meta, {}, a.reply.finishReason)));
    // The usage frame only when asked (stream_options.include_usage), as OpenAI's contract has it; BlockRun's docs:
    // stream_options is consumed by the gateway (it asks upstream itself, for billing).
    if (request.includeUsage) res.write(sseFrame(usageChunk(a.meta, a.usage)));
    if (glitch?.omit_done) res.end();
    else res.end(SSE_DONE);
  }

  /** A stream_glitch that breaks the stream: a plain-text error event, or the connection cut mid-reply. */
  function endGlitched(res: http.ServerResponse, g: Extract<Fault, { kind: "stream_glitch" }>) {
    if (g.error_text) {
      res.end(`event: error\ndata: ${g.error_text.replace(/[\r\n]+/g, " ")}\n\n`);
      return;
    }
    // Let the written frames reach the client (through any proxy in between), then cut the socket: no finish
    // reason, no [DONE], no clean end.
    setTimeout(() => res.socket?.destroy(), 500);
  }

  // ---------------------------------------------------------------------------------------------------------
  // POST /api/v1/chat/completions

  async function chatCompletions(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let raw: Buffer;
    try {
      raw = await readBody(req, BODY_LIMIT_BYTES);
    } catch (e) {
      if (e instanceof BodyTooLarge) {
        send(res, 400, envelope("REQUEST_TOO_LARGE", `Request body too large: over ${BODY_LIMIT_BYTES} bytes.`, "invalid_request_error"), { Connection: "close" });
        return;
      }
      throw e;
    }
    const sigHeader = req.headers["payment-signature"] ?? req.headers["x-payment"];
    const paymentHeader = Array.isArray(sigHeader) ? sigHeader[0] : sigHeader;

    // Request-stage faults.
    if (faults.size) {
      const f = faults.take(["rate_limit", "bad_gateway"]);
      if (f?.kind === "rate_limit") {
        send(
          res,
          429,
          envelope("RATE_LIMITED", `Rate limited — retry after ${f.retry_after_seconds}s.`, "rate_limit_error", { source: "devnet", retry_after_seconds: f.retry_after_seconds }),
          { "Retry-After": f.retry_after_seconds, "X-RateLimit-Source": "devnet" },
        );
        return;
      }
      if (f?.kind === "bad_gateway") {
        send(res, 502, envelope("MODEL_UNAVAILABLE", "Model unavailable — the upstream provider did not answer. Retry shortly.", "api_error", { debug: "bad gateway (devnet fault)" }));
        return;
      }
    }

    const p = prepare(raw);
    if (!p.ok) {
      send(res, p.status, p.body);
      return;
    }
    const capHeaders = p.capHeaders;
    const { request, promptTokens } = p;
    const free = p.quote === null;

    if (faults.size) {
      const slow = faults.take(["slow_first_byte"], (f) => f.on === "any" || free || paymentHeader !== undefined);
      if (slow) await sleep(slow.ms);
    }

    // Free model: no payment at all.
    if (free) {
      if (faults.size) {
        const up = faults.take(["upstream_failure"]);
        if (up) return upstreamFailure(res, up.status);
      }
      await deliver(res, request, makeAnswer(request, promptTokens), { ...capHeaders });
      return;
    }
    const q = p.quote!;
    const requirements = p.requirements!;
    const resource = resourceFor(req);

    // Unpaid: the 402 challenge.
    if (paymentHeader === undefined) {
      if (faults.size) {
        const f = faults.take(["body_only_challenge", "hostile_pay_to", "hostile_asset", "hostile_amount", "short_timeout"]);
        if (f) {
          let accepts = [requirements];
          if (f.kind === "hostile_pay_to") accepts = [{ ...requirements, payTo: f.payTo }];
          if (f.kind === "hostile_asset") accepts = [{ ...requirements, asset: f.asset }];
          if (f.kind === "hostile_amount") accepts = [{ ...requirements, amount: f.amount }];
          if (f.kind === "short_timeout") accepts = [{ ...requirements, maxTimeoutSeconds: f.seconds }];
          sendChallenge(res, buildChallenge(resource, q, requirements, { accepts, headers: f.kind !== "body_only_challenge", capHeaders }));
          return;
        }
      }
      if (!p.challenge || p.challenge.url !== resource.url) {
        p.challenge = { url: resource.url, ...buildChallenge(resource, q, requirements, { capHeaders }) };
      }
      sendChallenge(res, p.challenge);
      return;
    }

    // Paid: refusal-shape faults, then decode, match, verify. A payment that does not verify is answered in
    // BlockRun's shape: 402 {error: "Payment verification failed", code, message, debug, payer}, no challenge
    // headers (awesome-blockrun docs/x402/payment-flow.md "Error Scenarios").
    if (faults.size) {
      const shape = faults.take(["refusal_shape"]);
      if (shape) return refuseInShape(res, shape, resource, requirements);
    }
    const reject = (reason: string, payer?: string) => send(res, 402, paymentRejected(reason, payer), { "Cache-Control": "no-store" });
    let decoded: unknown;
    try {
      decoded = decodePaymentSignatureHeader(paymentHeader);
    } catch {
      reject("invalid_payment_header: PAYMENT-SIGNATURE must be base64 of an x402 v2 PaymentPayload JSON");
      return;
    }
    const checked = checkPaymentPayload(decoded);
    if (!checked.ok) {
      reject(`${checked.reason}: ${checked.message}`);
      return;
    }
    const payload: PaymentPayload = checked.payload;
    const matched = x402.match(requirements, payload);
    if (!matched) {
      reject(`No matching payment requirements: the payment must be exact USDC to ${requirements.payTo} on ${requirements.network} for at least ${requirements.amount} (this request's quote)`);
      return;
    }
    let verified;
    try {
      verified = await x402.verify(payload, matched);
    } catch (e) {
      send(res, 503, envelope("PAYMENT_VERIFICATION_UNAVAILABLE", "The facilitator could not be reached; retry the same signed payment.", "api_error", { debug: e instanceof Error ? e.message : String(e) }), { "Retry-After": 1 });
      return;
    }
    if (!verified.isValid) {
      reject(verified.invalidReason ?? "invalid_payment", verified.payer);
      return;
    }

    // Upstream and settlement-stage faults; then the reply, produced before anything is settled.
    let fault: "settlement_failure" | "fallback" | undefined;
    if (faults.size) {
      const up = faults.take(["upstream_failure"]);
      if (up) return upstreamFailure(res, up.status);
      fault = faults.take(["settlement_failure", "fallback"])?.kind;
    }
    if (fault === "fallback") {
      await deliver(res, request, makeAnswer(request, promptTokens, fallbackEntry), {
        ...capHeaders,
        "X-Fallback-Used": "true",
        "X-Fallback-Model": fallbackEntry.model.id,
        "X-Settlement-Skipped": "free-fallback",
      });
      return;
    }
    let answer: Answer;
    try {
      answer = makeAnswer(request, promptTokens);
    } catch (e) {
      send(res, 500, envelope("INTERNAL_ERROR", "The model failed to answer; your payment was not settled.", "api_error", { debug: e instanceof Error ? e.message : String(e) }));
      return;
    }

    let settled: SettleResponse;
    if (fault === "settlement_failure") {
      settled = {
        success: false,
        errorReason: "invalid_exact_evm_transaction_failed",
        errorMessage: "Settlement failed (devnet fault: settlement_failure)",
        transaction: "",
        network: x402.network,
        payer: verified.payer,
      };
    } else {
      settled = await x402.settle(payload, matched);
    }
    if (!settled.success) {
      send(
        res,
        402,
        {
          error: "Settlement failed",
          message: `The payment could not be settled: ${settled.errorReason ?? "unknown"}. You were not charged.`,
          errorReason: settled.errorReason,
          x402Version: 2,
        },
        { "PAYMENT-RESPONSE": encodePaymentResponseHeader(settled), "Cache-Control": "no-store" },
      );
      return;
    }
    // Faults after the money moved: the client must not conclude "not charged" from what it gets.
    const after = faults.size ? faults.take(["error_after_settle", "slow_after_settle"]) : undefined;
    if (after?.kind === "error_after_settle") {
      send(res, after.status, { error: "Bad gateway", message: "The upstream connection was reset." });
      return;
    }
    if (after?.kind === "slow_after_settle") await sleep(after.ms);
    await deliver(res, request, answer, {
      ...capHeaders,
      "PAYMENT-RESPONSE": encodePaymentResponseHeader(settled),
      "X-Payment-Receipt": settled.transaction,
    });
  }

  function upstreamFailure(res: http.ServerResponse, status: number) {
    const body =
      status === 504
        ? envelope("TIMEOUT", "Upstream timed out. Nothing was settled; retry.", "api_error")
        : status === 500
          ? envelope("INTERNAL_ERROR", "Unexpected error. Nothing was settled.", "api_error", { debug: "upstream_failure (devnet fault)" })
          : envelope("MODEL_UNAVAILABLE", "Model unavailable — the provider failed to answer. Your payment was not settled; retry.", "api_error", { debug: "upstream_failure (devnet fault)" });
    send(res, status, body);
  }

  /** The refusal_shape fault: a refused payment in the shape another server would use. Nothing is settled. */
  function refuseInShape(
    res: http.ServerResponse,
    f: Extract<Fault, { kind: "refusal_shape" }>,
    resource: ReturnType<typeof resourceFor>,
    requirements: PaymentRequirements,
  ) {
    const noStore = { "Cache-Control": "no-store" };
    switch (f.shape) {
      case "header_only": {
        // @x402/core x402HTTPResourceServer.createHTTPResponse: status 402, body {}, the reason in the header.
        const pr = x402.paymentRequired([requirements], resource, f.reason);
        send(res, 402, {}, { ...noStore, "PAYMENT-REQUIRED": encodePaymentRequiredHeader(pr) });
        return;
      }
      case "details":
        send(res, 402, { error: "Payment verification failed", details: f.reason }, noStore);
        return;
      case "code_debug":
        send(res, 402, paymentRejected(f.reason), noStore);
        return;
      case "status_400":
        // x402 spec transports-v2/http.md ("Invalid Payment | 400") and x402 PR #2843: {error: "invalid_payload"}.
        send(res, 400, { error: "invalid_payload", message: `The payment payload was refused: ${f.reason}` }, noStore);
        return;
      case "status_401":
        send(res, 401, { error: "Unauthorized", message: `Invalid payment signature: ${f.reason}`, code: "PAYMENT_INVALID" }, noStore);
        return;
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // /__devnet/*

  async function readJson(req: http.IncomingMessage): Promise<{ ok: true; json: unknown } | { ok: false }> {
    const raw = await readBody(req, 64 * 1024);
    if (raw.length === 0) return { ok: true, json: {} };
    try {
      return { ok: true, json: JSON.parse(raw.toString("utf8")) };
    } catch {
      return { ok: false };
    }
  }

  async function devnet(path: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    if (path === "/__devnet/health" && method === "GET") {
      send(res, 200, { ok: true, chainId: o.chainId, network: x402.network, usdc: o.usdc.address, payTo: o.payTo, facilitator: x402.facilitatorAddress, faucet: faucet.address });
      return;
    }
    if (path === "/__devnet/faults") {
      if (method === "DELETE") {
        faults.clear();
        send(res, 200, { ok: true, faults: [] });
        return;
      }
      if (method === "GET") {
        send(res, 200, { faults: faults.list() });
        return;
      }
      if (method === "POST") {
        const body = await readJson(req);
        const parsed = body.ok ? faultSchema.safeParse(body.json) : undefined;
        if (!parsed?.success) {
          send(res, 400, { error: "Invalid request body", details: parsed ? parsed.error.issues : [{ path: [], message: "Request body must be valid JSON" }] });
          return;
        }
        faults.arm(parsed.data);
        send(res, 200, { ok: true, armed: parsed.data, faults: faults.list() });
        return;
      }
    }
    if (path === "/__devnet/config") {
      if (method === "GET") {
        send(res, 200, config);
        return;
      }
      if (method === "POST") {
        const body = await readJson(req);
        const tps = body.ok ? (body.json as { tokensPerSecond?: unknown } | null)?.tokensPerSecond : undefined;
        if (typeof tps !== "number" || !Number.isFinite(tps) || tps < 0) {
          send(res, 400, { error: "Invalid request body", details: [{ path: ["tokensPerSecond"], message: "a number >= 0 (0 = as fast as possible)" }] });
          return;
        }
        config.tokensPerSecond = tps;
        send(res, 200, config);
        return;
      }
    }
    if (path === "/__devnet/faucet" && method === "POST") {
      const body = await readJson(req);
      const parsed = body.ok ? faucetRequestSchema.safeParse(body.json) : undefined;
      if (!parsed?.success) {
        send(res, 400, { error: "Invalid request body", details: parsed ? parsed.error.issues : [{ path: [], message: "Request body must be valid JSON" }] });
        return;
      }
      try {
        send(res, 200, await faucet.drip(parsed.data));
      } catch (e) {
        send(res, 500, { error: "Faucet failed", message: e instanceof Error ? e.message : String(e) });
      }
      return;
    }
    send(res, 404, { error: "Not found" });
  }

  // ---------------------------------------------------------------------------------------------------------

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q === -1 ? url : url.slice(0, q);
    const method = req.method ?? "GET";
    if (method === "OPTIONS") {
      // Allow the listed headers plus whatever else the browser asks for (e.g. SDK telemetry headers).
      const asked = req.headers["access-control-request-headers"];
      const allow = asked ? `${CORS["Access-Control-Allow-Headers"]}, ${asked}` : CORS["Access-Control-Allow-Headers"];
      res.writeHead(204, { ...CORS, "Access-Control-Allow-Headers": allow, "Access-Control-Max-Age": "86400", "Content-Length": 0 });
      res.end();
      return;
    }
    if (path === "/api/v1/chat/completions") {
      if (method === "POST") return chatCompletions(req, res);
      send(res, 405, { error: "Method not allowed" }, { Allow: "POST, OPTIONS" });
      return;
    }
    if (path === "/api/v1/models") {
      if (method === "GET") send(res, 200, modelsBuf, { "Cache-Control": "public, max-age=60" });
      else send(res, 405, { error: "Method not allowed" }, { Allow: "GET, OPTIONS" });
      return;
    }
    if (path.startsWith("/__devnet/")) return devnet(path, req, res);
    send(res, 404, { error: "Not found", message: `No route for ${method} ${path}` });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { error: "Internal error", message: e instanceof Error ? e.message : String(e) });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "[::1]" : host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}/api`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** For tests: the whole catalog, typed. */
export { CATALOG };
export type { ChatMessage };
