/**
 * The chat completions client. Requests go to our own server route (`/api/gateway/{network}/v1/...`), which
 * passes them to the network's gateway unchanged; the browser never talks to the gateway directly.
 *
 * Replies stream as SSE. The reader is written for real networks: an event may be split anywhere (even inside
 * a UTF-8 character or between "\r" and "\n"), comments, unknown fields and frames that are not JSON are
 * skipped (and counted), end of stream after a finish reason is a whole reply (no `[DONE]` needed), and a stream
 * that breaks before the finish reports what happened while keeping every character that arrived.
 * Stop (an AbortSignal) ends the read at once.
 */
import { z } from "zod";
import { gatewayErrorFrom, GatewayError, unreachableError } from "./errors";
import { normalizeUsage, type Usage } from "./usage";
import { isRecord, readTextCapped, tryParseJson } from "../x402/http-body";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  max_tokens: number;
  temperature?: number;
  top_p?: number;
  stream?: boolean;
  /** Anthropic models: cache the prompt prefix. */
  prompt_cache?: boolean;
  /** OpenAI's way to ask for the usage frame on a stream; without it a standard server sends none. */
  stream_options?: { include_usage: boolean };
}

export { gatewayRoute } from "./route";
import { gatewayRoute } from "./route";

export interface PostOptions {
  /** The x402 payment for the paid retry, e.g. {name: "PAYMENT-SIGNATURE", value}. */
  paymentHeader?: { name: string; value: string };
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
  /** Prefix for the route (tests, or a non-browser caller); "" in the app. */
  baseUrl?: string;
}

/**
 * POSTs the body (a ChatRequest, or its exact serialization: a quote and its paid retry must send the same
 * bytes) and returns the raw Response, whatever its status. Only a failure to get any answer throws:
 * a GatewayError of kind "unreachable", or the AbortError when `signal` was aborted.
 */
export async function postCompletion(networkId: string, body: ChatRequest | string, opts: PostOptions = {}): Promise<Response> {
  const f = opts.fetchImpl ?? fetch;
  const json = typeof body === "string" ? body : JSON.stringify(body);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "text/event-stream, application/json",
  };
  if (opts.paymentHeader) headers[opts.paymentHeader.name] = opts.paymentHeader.value;
  try {
    return await f(`${opts.baseUrl ?? ""}${gatewayRoute(networkId, "chat/completions")}`, {
      method: "POST",
      headers,
      body: json,
      signal: opts.signal,
    });
  } catch (e) {
    if (opts.signal?.aborted || (e instanceof Error && e.name === "AbortError")) throw e;
    throw unreachableError(e);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// SSE

export interface SseEvent {
  event?: string;
  data: string;
}

/**
 * Incremental SSE parser (the WHATWG event-stream rules): feed decoded text in any pieces, get whole events out.
 */
export class SseParser {
  private buf = "";
  private data: string[] = [];
  private event: string | undefined;

  push(text: string): SseEvent[] {
    this.buf += text;
    let hold = "";
    let work = this.buf;
    // A trailing "\r" may be the first half of "\r\n": wait for the next piece before deciding.
    if (work.endsWith("\r")) {
      hold = "\r";
      work = work.slice(0, -1);
    }
    const lines = work.split(/\r\n|\r|\n/);
    this.buf = lines.pop()! + hold;
    const out: SseEvent[] = [];
    for (const line of lines) this.line(line, out);
    return out;
  }

  /** The stream ended: whatever is pending is dispatched. */
  end(): SseEvent[] {
    const out: SseEvent[] = [];
    const rest = this.buf.replace(/\r$/, "");
    this.buf = "";
    if (rest !== "") this.line(rest, out);
    this.line("", out);
    return out;
  }

  private line(line: string, out: SseEvent[]) {
    if (line === "") {
      if (this.data.length) out.push(this.event === undefined ? { data: this.data.join("\n") } : { event: this.event, data: this.data.join("\n") });
      this.data = [];
      this.event = undefined;
      return;
    }
    if (line.startsWith(":")) return; // comment (keep-alive)
    const i = line.indexOf(":");
    const field = i < 0 ? line : line.slice(0, i);
    let value = i < 0 ? "" : line.slice(i + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.event = value;
  }
}

/** Async generator over the SSE events of a byte stream. Stops (quietly) when `signal` aborts. */
export async function* sseEvents(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<SseEvent> {
  for await (const batch of sseEventBatches(body, signal)) yield* batch;
}

/**
 * The same, as the events of each piece read at once: a reader handles a piece's events in one go, so tokens that
 * arrive together reach the screen in one render (each `yield` would let the renderer run between two of them).
 */
export async function* sseEventBatches(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<SseEvent[]> {
  const reader = body.getReader();
  const onAbort = () => void reader.cancel().catch(() => {});
  signal?.addEventListener("abort", onAbort, { once: true });
  const decoder = new TextDecoder();
  const parser = new SseParser();
  let finished = false;
  try {
    if (signal?.aborted) return;
    for (;;) {
      const { done, value } = await reader.read();
      if (signal?.aborted) return;
      if (done) break;
      const events = parser.push(decoder.decode(value, { stream: true }));
      if (events.length) yield events;
    }
    finished = true;
    const rest = [...parser.push(decoder.decode()), ...parser.end()];
    if (rest.length) yield rest;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Reading a reply

export interface CompletionResult {
  /** All text received (for a broken stream: everything up to the break). */
  text: string;
  finishReason?: string;
  model?: string;
  id?: string;
  usage?: Usage;
}

export interface StreamResult extends CompletionResult {
  /** The reply is whole: `[DONE]` arrived, or the stream ended after a finish reason (BlockRun's own SSE readers,
   *  @blockrun/llm src/sse.ts and its ChatStream, stop at end of stream without needing `[DONE]`). */
  done: boolean;
  /** Stopped by the AbortSignal (not an error). */
  aborted: boolean;
  /** The stream broke before the reply was whole: the text so far is kept, and `error` says what broke. */
  cutShort: boolean;
  /** Frames that were not JSON and were skipped (as @blockrun/llm skips them), counted for the record. */
  skippedFrames: number;
  /** What broke, for a person; the text so far is kept. */
  error?: string;
}

export interface StreamHandlers {
  signal?: AbortSignal;
  onDelta(text: string): void;
  onUsage?(usage: Usage): void;
  onFinish?(result: StreamResult): void;
}

const KEPT = "The text received so far is kept.";

/** Reads a streamed (or, if the gateway chose so, a JSON) chat reply. Never throws for a broken stream. */
export async function readStream(res: Response, h: StreamHandlers): Promise<StreamResult> {
  const result: StreamResult = { text: "", done: false, aborted: false, cutShort: false, skippedFrames: 0 };
  const finish = () => {
    if (h.signal?.aborted) {
      result.aborted = true;
      result.cutShort = false;
      delete result.error;
    }
    h.onFinish?.(result);
    return result;
  };

  if (h.signal?.aborted) {
    await res.body?.cancel().catch(() => {});
    return finish();
  }
  const type = res.headers.get("content-type") ?? "";
  if (/application\/json/i.test(type)) {
    // Asked for a stream, got a whole completion: deliver it the same way.
    try {
      const c = await readJsonCompletion(res);
      Object.assign(result, c, { done: true });
      if (c.text) h.onDelta(c.text);
      if (c.usage) h.onUsage?.(c.usage);
    } catch (e) {
      result.error = e instanceof Error ? e.message : String(e);
    }
    return finish();
  }
  if (!res.body) {
    result.error = "The gateway sent an empty reply.";
    return finish();
  }

  let broke: string | undefined;
  try {
    read: for await (const batch of sseEventBatches(res.body, h.signal)) {
      for (const ev of batch) {
        if (h.signal?.aborted || handleEvent(ev, result, h) === "stop") break read;
      }
    }
  } catch (e) {
    if (!h.signal?.aborted) broke = e instanceof Error ? e.message : String(e);
  }
  if (h.signal?.aborted || result.error) return finish();
  // End of stream (clean or not) after a finish reason: the reply is whole; only [DONE] or a usage frame is missing.
  if (!result.done && result.finishReason) result.done = true;
  if (!result.done) {
    result.cutShort = true;
    result.error = broke
      ? `The connection broke while the reply was streaming (${broke.slice(0, 120)}). ${KEPT}`
      : `The reply stream ended before the model finished. ${KEPT}`;
  }
  return finish();
}

function handleEvent(ev: SseEvent, result: StreamResult, h: StreamHandlers): "stop" | undefined {
  const data = ev.data.trim();
  if (ev.event === "error") {
    // An error event: JSON ({error: {...}} or {message}) or plain text, shown as the gateway wrote it.
    const parsed = tryParseJson(data);
    result.error = `The gateway reported an error mid-reply: ${parsed === undefined ? data.slice(0, 200) || "no details" : errorText(isRecord(parsed) ? parsed.error ?? parsed : parsed)}. ${KEPT}`;
    result.cutShort = !result.finishReason;
    return "stop";
  }
  if (data === "") return undefined;
  if (data === "[DONE]") {
    result.done = true;
    return "stop";
  }
  let chunks: unknown[];
  const whole = tryParseJson(data);
  if (whole !== undefined) chunks = [whole];
  else {
    // Non-standard servers put several `data:` lines in one event, each a JSON chunk; any other line that is not
    // JSON is skipped and counted, as BlockRun's SDK does, so one bad frame never loses a paid reply.
    const parts = data.split("\n").map((l) => l.trim()).filter(Boolean);
    chunks = [];
    for (const p of parts) {
      const v = p === "[DONE]" ? "[DONE]" : tryParseJson(p);
      if (v === undefined) result.skippedFrames++;
      else chunks.push(v);
    }
  }
  for (const chunk of chunks) {
    if (chunk === "[DONE]") {
      result.done = true;
      return "stop";
    }
    if (isRecord(chunk) && chunk.error !== undefined && chunk.error !== null) {
      result.error = `The gateway reported an error mid-reply: ${errorText(chunk.error)}. ${KEPT}`;
      result.cutShort = !result.finishReason;
      return "stop";
    }
    applyChunk(chunk, result, h);
  }
  return undefined;
}

function errorText(e: unknown): string {
  if (typeof e === "string") return e.slice(0, 200);
  if (isRecord(e)) {
    const m = e.message ?? e.error ?? e.code ?? e.type;
    if (typeof m === "string") return m.slice(0, 200);
  }
  return JSON.stringify(e)?.slice(0, 200) ?? "unknown error";
}

function applyChunk(chunk: unknown, result: StreamResult, h: StreamHandlers) {
  if (!isRecord(chunk)) return;
  if (typeof chunk.id === "string" && chunk.id) result.id = chunk.id;
  if (typeof chunk.model === "string" && chunk.model) result.model = chunk.model;
  const choice = Array.isArray(chunk.choices) ? chunk.choices.find((c) => isRecord(c) && (c.index === undefined || c.index === 0)) : undefined;
  if (isRecord(choice)) {
    const delta = isRecord(choice.delta) ? choice.delta : undefined;
    const content = delta?.content;
    if (typeof content === "string" && content !== "") {
      result.text += content;
      h.onDelta(content);
    }
    if (typeof choice.finish_reason === "string" && choice.finish_reason) result.finishReason = choice.finish_reason;
  }
  if (chunk.usage !== undefined && chunk.usage !== null) {
    const usage = normalizeUsage(chunk.usage);
    if (usage) {
      result.usage = usage;
      h.onUsage?.(usage);
    }
  }
}

const completionSchema = z
  .object({
    id: z.string().optional().catch(undefined),
    model: z.string().optional().catch(undefined),
    choices: z
      .array(
        z
          .object({
            index: z.number().optional().catch(undefined),
            message: z.object({ content: z.string().nullable().optional() }).passthrough(),
            finish_reason: z.string().nullable().optional().catch(undefined),
          })
          .passthrough(),
      )
      .min(1),
    usage: z.unknown().optional(),
  })
  .passthrough();

const MAX_JSON_REPLY_BYTES = 16 * 1024 * 1024;

/** Reads a non-streamed reply. A non-2xx status throws its GatewayError; a malformed body throws kind "unknown". */
export async function readJsonCompletion(res: Response): Promise<CompletionResult> {
  if (!res.ok) throw await gatewayErrorFrom(res);
  const body = await readTextCapped(res, MAX_JSON_REPLY_BYTES);
  const parsed = completionSchema.safeParse(body && !body.truncated ? tryParseJson(body.text) : undefined);
  if (!parsed.success) {
    throw new GatewayError({
      kind: "unknown",
      status: res.status,
      message: "The gateway's answer was not a chat completion the app can read. Try again or pick another model.",
      detail: body?.truncated ? "body too large" : parsed.error.issues[0]?.message,
    });
  }
  const c = parsed.data;
  const choice = c.choices.find((x) => x.index === undefined || x.index === 0) ?? c.choices[0];
  const usage = normalizeUsage(c.usage);
  const out: CompletionResult = { text: choice.message.content ?? "" };
  if (choice.finish_reason) out.finishReason = choice.finish_reason;
  if (c.model) out.model = c.model;
  if (c.id) out.id = c.id;
  if (usage) out.usage = usage;
  return out;
}
