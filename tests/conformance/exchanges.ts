/**
 * The conformance table: request/response exchanges in the shapes BlockRun (and the x402 reference server) send,
 * each with its source, the way to make the devnet gateway answer the same way, and what the person must be told.
 *
 * `recorded` is written from the sources (BlockRun's SDK and docs, its public clients, the seed page, @x402/core);
 * the tests replay it (a) against the devnet gateway (its live answer must have the recorded shape and tell the
 * person the same thing), (b) against the app's client functions (fed the recorded answer), and (c) for the
 * exchanges marked `reference`, against a server built from @x402/core's x402HTTPResourceServer.
 */
import { encodePaymentRequiredHeader } from "@x402/core/http";
import type { PaymentRequired } from "@x402/core/types";
import type { z } from "zod";
import type { faultSchema } from "@/devnet/gateway/faults";
import { BASE_SEPOLIA } from "@/lib/networks";

export type FaultInput = z.input<typeof faultSchema>;

export interface Told {
  /** price: a 402 quote the app can read; reply: a 200 the app shows; refused: a payment refusal; error: any other failure. */
  kind: "price" | "reply" | "refused" | "error" | "catalog";
  /** Texts the person must see (in the message of a refusal or error, in the reply's note for a broken stream). */
  includes?: string[];
  /** The person is told no money moved. */
  notCharged?: boolean;
  /** Replies: whole (done, not cut short), or cut short with the text so far. */
  whole?: boolean;
  cutShort?: boolean;
  skippedFrames?: number;
  usage?: boolean;
  /** The reply text (recorded exchanges only; the devnet writes its own words). */
  text?: string;
  /** price: the signature lifetime the app will sign. */
  timeoutSeconds?: number;
  /** catalog: model id -> [billing mode, price known]. */
  models?: Record<string, [string, boolean]>;
}

export interface Exchange {
  id: string;
  /** Where this shape comes from. */
  source: string;
  request: { kind: "chat" | "models"; paid: boolean; body?: "app" | Record<string, unknown> };
  recorded: { status: number; headers?: Record<string, string>; body?: unknown; sse?: string };
  /** Reproduce on the devnet: arm this fault (or none) before the request. Absent: the devnet does not send it. */
  devnet?: { fault?: FaultInput };
  /** Reproduce on the x402 reference server: a valid payment, or one tampered this way. */
  reference?: { tamper?: "signature" | "amount" } | { unpaid: true };
  told: Told;
}

// ---------------------------------------------------------------------------------------------------------------
// Recorded values (Base Sepolia, as testnet.blockrun.ai would send them)

const N = BASE_SEPOLIA;
const requirement = {
  scheme: "exact",
  network: N.caip2,
  amount: "1612",
  asset: N.usdc.address,
  payTo: N.payTo,
  maxTimeoutSeconds: 300,
  extra: { name: N.usdc.name, version: N.usdc.version },
};
const challenge: PaymentRequired = {
  x402Version: 2,
  error: "Payment required",
  resource: { url: "https://testnet.blockrun.ai/api/v1/chat/completions", description: "GPT-4o mini API call", mimeType: "application/json" },
  accepts: [requirement] as PaymentRequired["accepts"],
};
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64");
const challengeHeaders = (pr: PaymentRequired) => {
  const v = encodePaymentRequiredHeader(pr);
  return { "PAYMENT-REQUIRED": v, "X-Payment-Required": v, "WWW-Authenticate": `X402 requirements="${v}"` };
};

const frame = (o: unknown) => `data: ${JSON.stringify(o)}\n\n`;
const meta = { id: "chatcmpl-rec", object: "chat.completion.chunk", created: 1764115200, model: "openai/gpt-4o-mini" };
const piece = (content: string) => frame({ ...meta, choices: [{ index: 0, delta: { content }, finish_reason: null }] });
const finish = frame({ ...meta, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
const usage = frame({ ...meta, choices: [], usage: { prompt_tokens: 12, completion_tokens: 8, total_tokens: 20 } });
const role = frame({ ...meta, choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] });
const REPLY = ["The capital", " of France", " is Paris."];

const SEE = {
  sdkSse: "@blockrun/llm 3.16 dist/index.js (src/sse.ts readSseFrames, ChatStream): skips a frame that is not JSON, returns at end of stream; CHANGELOG 2.5.0",
  seed: "/work/shared/reference/blockrun-chat-completions.txt (BlockRun's chat completions page)",
  docsChat: "BlockRunAI/awesome-blockrun docs/api-reference/chat-completions.md",
  docsErrors: "BlockRunAI/awesome-blockrun docs/api-reference/errors.md",
  docsFlow: "BlockRunAI/awesome-blockrun docs/x402/payment-flow.md (Error Scenarios)",
  x402Server: "@x402/core 2.27 x402HTTPResourceServer.processHTTPRequest / createHTTPResponse (402, body {}, reason in PAYMENT-REQUIRED's error)",
  x402Spec400: "x402 specs/transports-v2/http.md (Invalid Payment -> 400) and x402-foundation/x402 PRs #2439, #2843 ({error: \"invalid_payload\"})",
};

export const EXCHANGES: Exchange[] = [
  {
    id: "quote: BlockRun's 402 (three headers, body with price and the accepts mirror)",
    source: `${SEE.seed}; ${SEE.docsChat} ("Payment Required (402)"); awesome-blockrun PR #67 (body mirrors x402Version/accepts)`,
    request: { kind: "chat", paid: false, body: "app" },
    recorded: {
      status: 402,
      headers: challengeHeaders(challenge),
      body: {
        error: "Payment Required",
        message: "This endpoint requires x402 payment",
        price: { amount: "0.001612", currency: "USD", breakdown: { inputCost: "0.000002", outputCost: "0.000610", margin: "0%" } },
        paymentInfo: { network: "base-sepolia", asset: "USDC", x402Version: 2 },
        x402Version: 2,
        accepts: [requirement],
      },
    },
    devnet: {},
    reference: { unpaid: true },
    told: { kind: "price", timeoutSeconds: 300 },
  },
  {
    id: "quote: maxTimeoutSeconds missing means 300",
    source: "@blockrun/llm 3.16 extractPaymentDetails (`maxTimeoutSeconds: option.maxTimeoutSeconds || 300`)",
    request: { kind: "chat", paid: false, body: "app" },
    recorded: {
      status: 402,
      headers: { "PAYMENT-REQUIRED": b64({ ...challenge, accepts: [{ ...requirement, maxTimeoutSeconds: undefined }] }) },
      body: { error: "Payment Required" },
    },
    told: { kind: "price", timeoutSeconds: 300 },
  },
  {
    id: "paid stream: finish reason, usage frame (asked for), [DONE]",
    source: `${SEE.docsChat} (stream, usage fields); OpenAI stream_options.include_usage`,
    request: { kind: "chat", paid: true, body: "app" },
    recorded: { status: 200, headers: { "content-type": "text/event-stream" }, sse: role + REPLY.map(piece).join("") + finish + usage + "data: [DONE]\n\n" },
    devnet: {},
    told: { kind: "reply", whole: true, usage: true, skippedFrames: 0, text: REPLY.join("") },
  },
  {
    id: "paid stream: one frame that is not JSON and no [DONE]: the whole reply and its usage",
    source: SEE.sdkSse,
    request: { kind: "chat", paid: true, body: "app" },
    recorded: {
      status: 200,
      headers: { "content-type": "text/event-stream" },
      sse: role + piece(REPLY[0]) + 'data: {"id": "chatcmpl-broken", "choices": [\n\n' + piece(REPLY[1]) + piece(REPLY[2]) + finish + usage,
    },
    devnet: { fault: { kind: "stream_glitch" } },
    told: { kind: "reply", whole: true, usage: true, skippedFrames: 1, text: REPLY.join("") },
  },
  {
    id: "paid stream cut before the finish reason: kept as far as it came, cut short",
    source: `${SEE.docsChat} (Timeouts: "a stream that hits [the 500s deadline] is terminated"); issue 8`,
    request: { kind: "chat", paid: true, body: "app" },
    recorded: { status: 200, headers: { "content-type": "text/event-stream" }, sse: role + piece(REPLY[0]) + piece(REPLY[1]) },
    devnet: { fault: { kind: "stream_glitch", bad_frame: false, cut_after: 2 } },
    told: { kind: "reply", cutShort: true, text: REPLY[0] + REPLY[1] },
  },
  {
    id: "paid stream ended by an error event in plain text: shown as that text",
    source: "issue 8 (\"an error event with plain text is shown as that text\"); WHATWG SSE `event:` field",
    request: { kind: "chat", paid: true, body: "app" },
    recorded: { status: 200, headers: { "content-type": "text/event-stream" }, sse: role + piece(REPLY[0]) + "event: error\ndata: Upstream stalled after 120s\n\n" },
    devnet: { fault: { kind: "stream_glitch", bad_frame: false, cut_after: 1, error_text: "Upstream stalled after 120s" } },
    told: { kind: "reply", cutShort: true, includes: ["Upstream stalled after 120s"], text: REPLY[0] },
  },
  {
    id: "refused: x402 reference server (402, body {}, the reason only in PAYMENT-REQUIRED's error)",
    source: SEE.x402Server,
    request: { kind: "chat", paid: true, body: "app" },
    recorded: { status: 402, headers: { "PAYMENT-REQUIRED": encodePaymentRequiredHeader({ ...challenge, error: "invalid_exact_evm_signature" }) }, body: {} },
    devnet: { fault: { kind: "refusal_shape", shape: "header_only", reason: "invalid_exact_evm_signature" } },
    reference: { tamper: "signature" },
    told: { kind: "refused", includes: ["invalid_exact_evm_signature"], notCharged: true },
  },
  {
    id: "refused: {error, details}",
    source: `issue 8 ("BlockRun answers {error, details}"); ${SEE.docsErrors} (details)`,
    request: { kind: "chat", paid: true, body: "app" },
    recorded: { status: 402, body: { error: "Payment verification failed", details: "invalid_exact_evm_signature" } },
    devnet: { fault: { kind: "refusal_shape", shape: "details", reason: "invalid_exact_evm_signature" } },
    told: { kind: "refused", includes: ["invalid_exact_evm_signature"], notCharged: true },
  },
  {
    id: "refused: BlockRun's {error, code, message, debug, payer}",
    source: `${SEE.docsFlow}; ${SEE.docsErrors} ("402 - Payment Rejected")`,
    request: { kind: "chat", paid: true, body: "app" },
    recorded: {
      status: 402,
      body: {
        error: "Payment verification failed",
        code: "PAYMENT_UNFUNDED",
        message: "The payment authorization could not be executed on-chain. The usual cause is an insufficient USDC balance for the quoted amount.",
        debug: "invalid_exact_evm_insufficient_balance",
        payer: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
      },
    },
    devnet: { fault: { kind: "refusal_shape", shape: "code_debug", reason: "invalid_exact_evm_insufficient_balance" } },
    told: { kind: "refused", includes: ["PAYMENT_UNFUNDED", "invalid_exact_evm_insufficient_balance"], notCharged: true },
  },
  {
    id: "refused: a bad payment answered 400 {error: \"invalid_payload\"}",
    source: SEE.x402Spec400,
    request: { kind: "chat", paid: true, body: "app" },
    recorded: { status: 400, body: { error: "invalid_payload", message: "The payment payload was refused: invalid_exact_evm_signature" } },
    devnet: { fault: { kind: "refusal_shape", shape: "status_400", reason: "invalid_exact_evm_signature" } },
    told: { kind: "refused", includes: ["invalid_payload", "invalid_exact_evm_signature"], notCharged: true },
  },
  {
    id: "refused: a bad signature answered 401",
    source: "issue 8 (\"a bad signature can come back as 401\"); tempoxyz/mpp-specs PR #67 (a payment spec that had used 401 for failed payment credentials)",
    request: { kind: "chat", paid: true, body: "app" },
    recorded: { status: 401, body: { error: "Unauthorized", message: "Invalid payment signature: invalid_exact_evm_signature", code: "PAYMENT_INVALID" } },
    devnet: { fault: { kind: "refusal_shape", shape: "status_401", reason: "invalid_exact_evm_signature" } },
    told: { kind: "refused", includes: ["PAYMENT_INVALID", "invalid_exact_evm_signature"], notCharged: true },
  },
  {
    id: "refused: accepted below the quote, x402 reference server",
    source: `${SEE.x402Server} ("No matching payment requirements")`,
    request: { kind: "chat", paid: true, body: "app" },
    recorded: { status: 402, headers: { "PAYMENT-REQUIRED": encodePaymentRequiredHeader({ ...challenge, error: "No matching payment requirements" }) }, body: {} },
    reference: { tamper: "amount" },
    told: { kind: "refused", includes: ["No matching payment requirements"], notCharged: true },
  },
  {
    id: "error: OpenAI envelope with top-level code and debug (503 MODEL_UNAVAILABLE)",
    source: `${SEE.docsErrors} ("503 - Model Unavailable")`,
    request: { kind: "chat", paid: true, body: "app" },
    recorded: {
      status: 503,
      body: { error: { message: "Model unavailable — the provider failed to answer.", type: "api_error", code: "MODEL_UNAVAILABLE", param: null }, code: "MODEL_UNAVAILABLE", debug: "overloaded_error" },
    },
    devnet: { fault: { kind: "upstream_failure", status: 503 } },
    told: { kind: "error", includes: ["Model unavailable"], notCharged: true },
  },
  {
    id: "error: {message, code}",
    source: "BlockRunAI/blockrun-llm-ts test/unit/retry-disposition.test.ts (503 `{message, code: \"MODEL_UNAVAILABLE\"}`)",
    request: { kind: "chat", paid: true, body: "app" },
    recorded: { status: 503, body: { message: "Service temporarily unavailable", code: "MODEL_UNAVAILABLE" } },
    told: { kind: "error", includes: ["Service temporarily unavailable"], notCharged: true },
  },
  {
    id: "error: 400 INVALID_REQUEST_BODY with details",
    source: `${SEE.docsErrors} ("400 - Invalid Request"); protocol-facts §3`,
    request: { kind: "chat", paid: false, body: { model: "openai/gpt-4o-mini", messages: [] } },
    recorded: {
      status: 400,
      body: {
        error: { message: "Invalid request body", type: "invalid_request_error", code: "INVALID_REQUEST_BODY", param: null },
        message: "Invalid request body",
        code: "INVALID_REQUEST_BODY",
        details: [{ path: ["messages"], message: "messages must not be empty" }],
      },
    },
    devnet: {},
    told: { kind: "error", includes: ["Invalid request body", "messages"], notCharged: true },
  },
  {
    id: "error: unknown model as a plain string",
    source: `${SEE.docsErrors} ("An unknown model is a plain-string error")`,
    request: { kind: "chat", paid: false, body: { model: "nobody/nothing", messages: [{ role: "user", content: "hi" }], max_tokens: 16 } },
    recorded: { status: 400, body: { error: "Unknown model: nobody/nothing. Try one of: openai/gpt-5.5, openai/gpt-4o-mini. Full list: GET /v1/models" } },
    devnet: {},
    told: { kind: "error", includes: ["Unknown model: nobody/nothing"], notCharged: true },
  },
  {
    id: "error: 429 RATE_LIMITED with Retry-After",
    source: `${SEE.docsErrors} ("429 - Rate Limited")`,
    request: { kind: "chat", paid: false, body: "app" },
    recorded: {
      status: 429,
      headers: { "Retry-After": "60" },
      body: { error: { message: "Rate limited — retry after 60s.", type: "rate_limit_error", code: "RATE_LIMITED", param: null }, code: "RATE_LIMITED", retry_after_seconds: 60 },
    },
    devnet: { fault: { kind: "rate_limit", retry_after_seconds: 60 } },
    told: { kind: "error", includes: ["60 seconds"], notCharged: true },
  },
  {
    id: "catalog: zero prices without billing_mode are free; a paid model without prices is offered; top-level prices",
    source: "@blockrun/llm 3.16 mapRawToModel (inputPrice/input_price/pricing.input, billingMode/billing_mode, flatPrice/flat_price); protocol-facts §1",
    request: { kind: "models", paid: false },
    recorded: {
      status: 200,
      body: {
        object: "list",
        data: [
          { id: "nvidia/gpt-oss-120b", name: "GPT-OSS 120B", owned_by: "nvidia", pricing: { input: 0, output: 0 }, context_window: 128000, max_output: 4096 },
          { id: "openai/gpt-5.6", owned_by: "openai", billing_mode: "paid", context_window: 400000, max_output: 128000 },
          { id: "deepseek/deepseek-chat", billing_mode: "paid", input_price: 0.14, output_price: 0.28, context_window: 128000, max_output: 8192 },
        ],
      },
    },
    devnet: {},
    told: { kind: "catalog", models: { "nvidia/gpt-oss-120b": ["free", true], "openai/gpt-5.6": ["paid", false], "deepseek/deepseek-chat": ["paid", true] } },
  },
];

/** The network the recorded exchanges speak for. */
export const RECORDED_NETWORK = N;
