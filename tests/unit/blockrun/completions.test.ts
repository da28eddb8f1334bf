import { describe, expect, it } from "vitest";
import { postCompletion, readJsonCompletion, readStream, SseParser, type ChatRequest } from "@/lib/blockrun/completions";
import { GatewayError } from "@/lib/blockrun/errors";

const enc = new TextEncoder();

const chunk = (o: Record<string, unknown>) => `data: ${JSON.stringify(o)}\n\n`;
const delta = (content: string, extra: Record<string, unknown> = {}) =>
  chunk({ id: "chatcmpl-1", object: "chat.completion.chunk", model: "openai/gpt-4o-mini", choices: [{ index: 0, delta: { content }, finish_reason: null }], ...extra });

const TEXT = "Héllo, wörld! 👋 Paris is the capital of France.";
const USAGE = {
  prompt_tokens: 12,
  completion_tokens: 9,
  total_tokens: 21,
  prompt_tokens_details: { cached_tokens: 4 },
};

/** A full, well-formed BlockRun-style stream: role chunk, content deltas, finish, usage chunk, [DONE]. */
function fullStream(text = TEXT): string {
  const parts = [chunk({ id: "chatcmpl-1", model: "openai/gpt-4o-mini", choices: [{ index: 0, delta: { role: "assistant" }, finish_reason: null }] })];
  parts.push(": keep-alive comment\n\n");
  for (const piece of text.match(/.{1,5}/gu)!) parts.push(delta(piece));
  parts.push(chunk({ id: "chatcmpl-1", model: "openai/gpt-4o-mini", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }));
  parts.push(chunk({ id: "chatcmpl-1", model: "openai/gpt-4o-mini", choices: [], usage: USAGE }));
  parts.push("data: [DONE]\n\n");
  return parts.join("");
}

/** A Response whose body arrives in the given byte pieces. */
function streamed(pieces: Uint8Array[], opts: { errorAfter?: boolean; type?: string } = {}): Response {
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (i < pieces.length) c.enqueue(pieces[i++]);
      else if (opts.errorAfter) c.error(new TypeError("terminated"));
      else c.close();
    },
  });
  return new Response(body, { status: 200, headers: { "content-type": opts.type ?? "text/event-stream" } });
}

function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    out.push(bytes.slice(prev, c));
    prev = c;
  }
  out.push(bytes.slice(prev));
  return out;
}

/** Deterministic pseudo-random numbers (so a failure can be replayed). */
function rng(seed: number) {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

async function collect(res: Response, signal?: AbortSignal) {
  const deltas: string[] = [];
  const usages: unknown[] = [];
  const result = await readStream(res, { signal, onDelta: (d) => deltas.push(d), onUsage: (u) => usages.push(u) });
  return { result, deltas, usages };
}

describe("readStream", () => {
  it("reads a whole stream: text, finish_reason, model, usage, [DONE]", async () => {
    const { result, deltas, usages } = await collect(streamed([enc.encode(fullStream())]));
    expect(result.text).toBe(TEXT);
    expect(deltas.join("")).toBe(TEXT);
    expect(result).toMatchObject({ done: true, aborted: false, finishReason: "stop", model: "openai/gpt-4o-mini", id: "chatcmpl-1" });
    expect(result.error).toBeUndefined();
    expect(result.usage).toEqual({ promptTokens: 12, completionTokens: 9, totalTokens: 21, cachedReadTokens: 4 });
    expect(usages).toHaveLength(1);
  });

  it("gives the same result for every way of splitting the bytes (inside UTF-8 characters, between \\r and \\n)", async () => {
    const crlf = enc.encode(fullStream().replace(/\n/g, "\r\n"));
    const lf = enc.encode(fullStream());
    const cr = enc.encode(fullStream().replace(/\n/g, "\r"));
    const random = rng(42);
    for (const bytes of [lf, crlf, cr]) {
      // Every single cut position...
      for (let cut = 1; cut < bytes.length; cut++) {
        const { result } = await collect(streamed(splitAt(bytes, [cut])));
        expect(result.text, `cut at ${cut}`).toBe(TEXT);
        expect(result.done).toBe(true);
      }
      // ...and many random multi-cut splits, down to one byte per piece.
      for (let n = 0; n < 50; n++) {
        const cuts = Array.from({ length: 1 + Math.floor(random() * 40) }, () => 1 + Math.floor(random() * (bytes.length - 1)));
        const { result } = await collect(streamed(splitAt(bytes, cuts)));
        expect(result.text).toBe(TEXT);
        expect(result.usage?.totalTokens).toBe(21);
      }
      const { result } = await collect(streamed(Array.from(bytes, (b) => new Uint8Array([b]))));
      expect(result.text).toBe(TEXT);
    }
  });

  it("a stream that ends before any finish reason is cut short, keeping the text", async () => {
    const s = delta("Hello") + delta(", world");
    const { result } = await collect(streamed([enc.encode(s)]));
    expect(result.text).toBe("Hello, world");
    expect(result.done).toBe(false);
    expect(result.cutShort).toBe(true);
    expect(result.error).toMatch(/ended before/);
  });

  // @blockrun/llm src/sse.ts (readSseFrames) and its ChatStream return at end of stream: [DONE] is not required.
  it("end of stream after a finish reason is a whole reply, with its usage, even without [DONE]", async () => {
    const s = fullStream().replace("data: [DONE]\n\n", "");
    const { result } = await collect(streamed([enc.encode(s)]));
    expect(result.text).toBe(TEXT);
    expect(result.done).toBe(true);
    expect(result.cutShort).toBe(false);
    expect(result.error).toBeUndefined();
    expect(result.usage?.totalTokens).toBe(21);
  });

  it("a connection cut after the finish reason still leaves a whole reply", async () => {
    const s = delta("Hi") + chunk({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
    const { result } = await collect(streamed([enc.encode(s)], { errorAfter: true }));
    expect(result).toMatchObject({ text: "Hi", done: true, cutShort: false, finishReason: "stop" });
    expect(result.error).toBeUndefined();
  });

  it("a cut connection reports it and keeps the text", async () => {
    const { result } = await collect(streamed([enc.encode(delta("Hello") + delta(" wor"))], { errorAfter: true }));
    expect(result.text).toBe("Hello wor");
    expect(result.error).toMatch(/connection broke/);
    expect(result.aborted).toBe(false);
  });

  // @blockrun/llm skips a frame that is not JSON (`try { JSON.parse } catch {}`); so do we, and count it.
  it("a frame that is not JSON is skipped and counted; every good token is kept", async () => {
    const s = delta("Hello") + "data: {not json\n\n" + delta(" again") + chunk({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
    const { result } = await collect(streamed([enc.encode(s)]));
    expect(result.text).toBe("Hello again");
    expect(result.skippedFrames).toBe(1);
    expect(result.done).toBe(true);
    expect(result.error).toBeUndefined();
  });

  it("an error event with plain text is shown as that text", async () => {
    const s = delta("Par") + "event: error\ndata: Upstream provider stalled after 120s\n\n";
    const { result } = await collect(streamed([enc.encode(s)]));
    expect(result.text).toBe("Par");
    expect(result.cutShort).toBe(true);
    expect(result.error).toContain("Upstream provider stalled after 120s");
  });

  it("an error object mid-stream reports the gateway's words", async () => {
    const s = delta("Hi") + chunk({ error: { message: "upstream overloaded", type: "server_error" } });
    const { result } = await collect(streamed([enc.encode(s)]));
    expect(result.text).toBe("Hi");
    expect(result.error).toMatch(/upstream overloaded/);
  });

  it("Stop (AbortSignal) ends the read at once, keeps the text, and is not an error", async () => {
    const ctrl = new AbortController();
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        if (pulled === 1) c.enqueue(enc.encode(delta("Partial")));
        // Afterwards the gateway goes quiet: only the abort can end the read.
      },
    });
    const res = new Response(body, { headers: { "content-type": "text/event-stream" } });
    const deltas: string[] = [];
    const done = readStream(res, {
      signal: ctrl.signal,
      onDelta: (d) => {
        deltas.push(d);
        setTimeout(() => ctrl.abort(), 5);
      },
    });
    const result = await done;
    expect(result.aborted).toBe(true);
    expect(result.error).toBeUndefined();
    expect(result.text).toBe("Partial");
    expect(deltas).toEqual(["Partial"]);
  });

  it("an already-aborted signal reads nothing", async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    const { result, deltas } = await collect(streamed([enc.encode(fullStream())]), ctrl.signal);
    expect(result.aborted).toBe(true);
    expect(deltas).toEqual([]);
  });

  it("a JSON reply (no stream) is delivered the same way", async () => {
    const res = new Response(
      JSON.stringify({ id: "c1", model: "m", choices: [{ index: 0, message: { role: "assistant", content: "Paris." }, finish_reason: "stop" }], usage: USAGE }),
      { headers: { "content-type": "application/json" } },
    );
    const { result, deltas } = await collect(res);
    expect(deltas).toEqual(["Paris."]);
    expect(result).toMatchObject({ text: "Paris.", done: true, finishReason: "stop", model: "m" });
    expect(result.usage?.promptTokens).toBe(12);
  });

  it("calls onFinish with the result", async () => {
    let finished: unknown;
    const r = await readStream(streamed([enc.encode(fullStream("ok"))]), { onDelta: () => {}, onFinish: (x) => (finished = x) });
    expect(finished).toBe(r);
  });
});

describe("SseParser", () => {
  it("joins multi-line data, ignores comments and unknown fields, keeps event names, flushes at the end", () => {
    const p = new SseParser();
    const events = [...p.push("event: message\ndata: a\ndata:b\nid: 7\nretry: 10\n: comment\n\n"), ...p.push("data: tail")];
    expect(events).toEqual([{ event: "message", data: "a\nb" }]);
    expect(p.end()).toEqual([{ data: "tail" }]);
  });

  it("a \\r\\n split across pieces is one line end, not two (which would end the event early)", () => {
    const p = new SseParser();
    expect(p.push("data: a\r")).toEqual([]);
    expect(p.push("\ndata: b\r\n\r")).toEqual([]);
    expect(p.push("\n")).toEqual([{ data: "a\nb" }]);
  });

  it("several JSON chunks in one event (non-standard) are still read", async () => {
    const s = `data: ${JSON.stringify({ choices: [{ delta: { content: "A" } }] })}\ndata: ${JSON.stringify({ choices: [{ delta: { content: "B" } }] })}\n\ndata: [DONE]\n\n`;
    const { result } = await collect(streamed([enc.encode(s)]));
    expect(result.text).toBe("AB");
    expect(result.done).toBe(true);
  });
});

describe("postCompletion", () => {
  const body: ChatRequest = { model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "hi" }], max_tokens: 256, stream: true };

  it("posts to our route with the body's exact bytes and the payment header", async () => {
    let seen: { url: string; init: RequestInit } | undefined;
    const fetchImpl = (async (url: string, init: RequestInit) => {
      seen = { url, init };
      return new Response("{}", { status: 402 });
    }) as unknown as typeof fetch;
    const serialized = JSON.stringify(body);
    const res = await postCompletion("devnet", serialized, { fetchImpl, paymentHeader: { name: "PAYMENT-SIGNATURE", value: "abc=" } });
    expect(res.status).toBe(402);
    expect(seen?.url).toBe("/api/gateway/devnet/v1/chat/completions");
    expect(seen?.init.method).toBe("POST");
    expect(seen?.init.body).toBe(serialized);
    expect((seen?.init.headers as Record<string, string>)["PAYMENT-SIGNATURE"]).toBe("abc=");
    expect((seen?.init.headers as Record<string, string>)["content-type"]).toBe("application/json");

    await postCompletion("base-sepolia", body, { fetchImpl });
    expect(seen?.url).toBe("/api/gateway/base-sepolia/v1/chat/completions");
    expect(seen?.init.body).toBe(serialized);
  });

  it("a network failure is a GatewayError of kind unreachable", async () => {
    const fetchImpl = (async () => {
      throw new TypeError("fetch failed");
    }) as unknown as typeof fetch;
    const e = await postCompletion("devnet", body, { fetchImpl }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(GatewayError);
    expect((e as GatewayError).kind).toBe("unreachable");
    expect((e as GatewayError).status).toBe(0);
    expect((e as GatewayError).message).toMatch(/Could not reach the gateway/);
  });

  it("an abort is passed through as the AbortError, not as unreachable", async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    const fetchImpl = (async (_u: string, init: RequestInit) => {
      init.signal?.throwIfAborted();
      return new Response("");
    }) as unknown as typeof fetch;
    const e = await postCompletion("devnet", body, { fetchImpl, signal: ctrl.signal }).catch((x: unknown) => x);
    expect(e).not.toBeInstanceOf(GatewayError);
    expect((e as Error).name).toBe("AbortError");
  });
});

describe("readJsonCompletion", () => {
  it("reads a completion", async () => {
    const res = new Response(
      JSON.stringify({ id: "x", model: "gpt-5.5", choices: [{ index: 0, message: { role: "assistant", content: "The capital of France is Paris." }, finish_reason: "stop" }], usage: { prompt_tokens: 12, completion_tokens: 8, total_tokens: 20 } }),
    );
    expect(await readJsonCompletion(res)).toEqual({
      text: "The capital of France is Paris.",
      finishReason: "stop",
      model: "gpt-5.5",
      id: "x",
      usage: { promptTokens: 12, completionTokens: 8, totalTokens: 20 },
    });
  });

  it("a malformed body is a GatewayError, an error status its mapped error", async () => {
    await expect(readJsonCompletion(new Response("{\"choices\": []}"))).rejects.toBeInstanceOf(GatewayError);
    await expect(readJsonCompletion(new Response("not json"))).rejects.toBeInstanceOf(GatewayError);
    const e = await readJsonCompletion(new Response(JSON.stringify({ error: "Rate limited", retry_after_seconds: 3 }), { status: 429 })).catch((x: unknown) => x);
    expect((e as GatewayError).kind).toBe("rate_limited");
  });
});
