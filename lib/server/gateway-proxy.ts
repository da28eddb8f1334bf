/**
 * The pass-through from the browser to a network's BlockRun gateway. It forwards the body and the payment
 * headers unchanged and streams the answer back; it never reads, logs or alters a signature or a message body.
 * Only the two endpoints a chat needs are open: anything else is a 404, so the route cannot be used as an
 * open proxy. It answers JSON or an event stream only (anything else from upstream becomes a 502 that says
 * so), never passes a query string, and marks every answer nosniff, so nothing it returns can be rendered as a
 * page of this origin. Framework-free (Request in, Response out) so the unit tests call it directly.
 */
import type { ServerNetwork } from "../networks";

/** path → allowed method. */
export const GATEWAY_ROUTES: Readonly<Record<string, "GET" | "POST">> = {
  "v1/models": "GET",
  "v1/chat/completions": "POST",
};

/** Request headers passed to the gateway (lower-case). Nothing else leaves: no cookies, no client IPs. */
const FORWARDED_REQUEST_HEADERS = ["content-type", "accept", "payment-signature", "x-payment"] as const;

/** Response headers passed back: the x402 challenge and receipt, BlockRun's extras, and what a retry needs. */
export const FORWARDED_RESPONSE_HEADERS = [
  "content-type",
  "payment-required",
  "x-payment-required",
  "www-authenticate",
  "payment-response",
  "x-payment-response",
  "x-payment-receipt",
  "x-fallback-used",
  "x-fallback-model",
  "x-settlement-skipped",
  "retry-after",
] as const;

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** How long the gateway may take to start answering. A paid call settles before the first byte, so be generous. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 120_000;
const MAX_PAYMENT_HEADER_BYTES = 16 * 1024;

/** The content types the route passes on: JSON (application/json, application/*+json) and SSE. */
export function isPassableContentType(value: string | null): boolean {
  if (!value) return false;
  const type = value.split(";")[0].trim().toLowerCase();
  return type === "text/event-stream" || /^application\/([a-z0-9.-]+\+)?json$/.test(type);
}

export interface GatewayProxyOptions {
  findNetwork(id: string): ServerNetwork | undefined;
  fetch?: typeof fetch;
  maxBodyBytes?: number;
  headersTimeoutMs?: number;
}

export type ProxyErrorCode =
  | "not_found"
  | "method_not_allowed"
  | "payload_too_large"
  | "bad_request"
  | "unsupported_media_type"
  | "devnet_not_running"
  | "gateway_unreachable"
  | "gateway_timeout"
  | "bad_gateway"
  | "client_closed";

export function proxyError(status: number, error: ProxyErrorCode, message: string, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set("cache-control", "no-store");
  h.set("x-content-type-options", "nosniff");
  return Response.json({ error, message }, { status, headers: h });
}

type BodyResult = { ok: true; body: Uint8Array | undefined } | { ok: false };

/** Reads at most `max` bytes; refuses early on a Content-Length that says more, and stops reading once past it. */
async function readBodyLimited(request: Request, max: number): Promise<BodyResult> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > max) return { ok: false };
  if (!request.body) return { ok: true, body: undefined };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      return { ok: false };
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    body.set(c, offset);
    offset += c.byteLength;
  }
  return { ok: true, body };
}

/** The setting that overrides each network's gateway URL (lib/server/app-config.ts). */
const GATEWAY_URL_ENV: Partial<Record<string, string>> = { base: "BASE_GATEWAY_URL", "base-sepolia": "BASE_SEPOLIA_GATEWAY_URL" };

function unreachableMessage(network: ServerNetwork): string {
  const origin = safeOrigin(network.gatewayUrl);
  return network.id === "devnet"
    ? `The devnet gateway at ${origin} did not answer: is the devnet running? npm run dev`
    : `BlockRun's gateway for ${network.name} (${origin}) is unreachable. Nothing was charged; try again in a moment. ` +
      `If it persists, check the server's connection and the gateway URL (${GATEWAY_URL_ENV[network.id] ?? "lib/networks.ts"}).`;
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function responseHeaders(upstream: Headers): Headers {
  const out = new Headers();
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = upstream.get(name);
    if (value !== null) out.set(name, value);
  }
  out.set("x-content-type-options", "nosniff");
  if (out.get("content-type")?.startsWith("text/event-stream")) {
    // no-transform keeps compression (and proxies) from holding SSE chunks back.
    out.set("cache-control", "no-cache, no-transform");
    out.set("x-accel-buffering", "no");
  } else {
    out.set("cache-control", "no-store");
  }
  return out;
}

export async function proxyToGateway(
  request: Request,
  params: { network: string; path: readonly string[] },
  opts: GatewayProxyOptions,
): Promise<Response> {
  const path = params.path.join("/");
  const allowedMethod = GATEWAY_ROUTES[path];
  const network = opts.findNetwork(params.network);
  if (!network) return proxyError(404, "not_found", `Unknown network "${params.network}".`);
  if (!allowedMethod) return proxyError(404, "not_found", `The gateway route does not pass "${path}" through.`);
  if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: { allow: `${allowedMethod}, OPTIONS`, "x-content-type-options": "nosniff" } });
  if (request.method !== allowedMethod)
    return proxyError(405, "method_not_allowed", `${path} accepts ${allowedMethod} only.`, { allow: `${allowedMethod}, OPTIONS` });

  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value === null) continue;
    if ((name === "payment-signature" || name === "x-payment") && value.length > MAX_PAYMENT_HEADER_BYTES)
      return proxyError(400, "bad_request", `The ${name.toUpperCase()} header is larger than ${MAX_PAYMENT_HEADER_BYTES} bytes.`);
    headers.set(name, value);
  }

  let body: Uint8Array | undefined;
  if (allowedMethod === "POST") {
    const max = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const read = await readBodyLimited(request, max).catch(() => undefined);
    if (!read) return proxyError(400, "bad_request", "The request body could not be read.");
    if (!read.ok)
      return proxyError(413, "payload_too_large", `The request is larger than ${Math.round(max / 1024)} KB. Shorten the conversation or start a new one.`);
    body = read.body;
  }

  // No query string: the two endpoints take none, and passing one would let a page reach gateway features
  // this route does not mean to open.
  const target = `${network.gatewayUrl.replace(/\/+$/, "")}/${path}`;
  const timeoutMs = opts.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  // The client leaving aborts the upstream call too, before and during the stream.
  const signal = AbortSignal.any([request.signal, timeout.signal]);

  let upstream: Response;
  try {
    upstream = await (opts.fetch ?? fetch)(target, {
      method: allowedMethod,
      headers,
      body: body as BodyInit | undefined,
      signal,
      redirect: "manual",
      cache: "no-store",
    });
  } catch (e) {
    if (request.signal.aborted) return proxyError(499, "client_closed", "The client closed the request.");
    if (timeout.signal.aborted)
      return proxyError(504, "gateway_timeout", `The ${network.name} gateway did not answer within ${Math.round(timeoutMs / 1000)} s.`);
    // Only the failure's kind is logged: never a header or a body.
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
    console.warn(`gateway ${network.id} ${path}: unreachable (${cause})`);
    return proxyError(502, "gateway_unreachable", unreachableMessage(network));
  } finally {
    clearTimeout(timer);
  }

  if (upstream.status >= 300 && upstream.status < 400) {
    await upstream.body?.cancel().catch(() => {});
    return proxyError(502, "bad_gateway", `The ${network.name} gateway answered with a redirect; it is not followed.`);
  }

  const type = upstream.headers.get("content-type");
  if (!isPassableContentType(type)) {
    await upstream.body?.cancel().catch(() => {});
    // The x402 headers still pass: a settlement the gateway reports must reach the browser whatever the body.
    const kept = responseHeaders(upstream.headers);
    kept.delete("content-type");
    return proxyError(
      502,
      "bad_gateway",
      `The ${network.name} gateway answered ${upstream.status} with ${type ? `"${type.split(";")[0].trim().slice(0, 60)}"` : "no content type"} instead of JSON or an event stream; the app does not show such an answer.`,
      kept,
    );
  }

  // Stream straight through: no buffering, so SSE tokens arrive as the gateway sends them.
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: responseHeaders(upstream.headers) });
}
