import { describe, expect, it } from "vitest";
import { buildUsage, chatCompletion, parseSse, sseFrames, sseFrame, SSE_DONE } from "@/devnet/gateway/openai";

const meta = { id: "chatcmpl-test", created: 1_700_000_000, model: "openai/gpt-4o-mini" };

describe("usage", () => {
  it("has the three base fields", () => {
    expect(buildUsage({ promptTokens: 12, completionTokens: 8 })).toEqual({ prompt_tokens: 12, completion_tokens: 8, total_tokens: 20 });
  });

  it("reports cache reads under both labels", () => {
    const u = buildUsage({ promptTokens: 100, completionTokens: 5, cacheRead: 60 });
    expect(u.prompt_tokens_details).toEqual({ cached_tokens: 60 });
    expect(u.cache_read_input_tokens).toBe(60);
    expect(u.cache_creation_input_tokens).toBeUndefined();
  });

  it("reports cache writes under both labels", () => {
    const u = buildUsage({ promptTokens: 100, completionTokens: 5, cacheWrite: 60 });
    expect(u.prompt_tokens_details).toEqual({ cached_creation_tokens: 60 });
    expect(u.cache_creation_input_tokens).toBe(60);
    expect(u.cache_read_input_tokens).toBeUndefined();
  });

  it("reports reasoning tokens when given", () => {
    const u = buildUsage({ promptTokens: 10, completionTokens: 50, reasoningTokens: 20 });
    expect(u.completion_tokens_details).toEqual({ reasoning_tokens: 20 });
    expect(u.total_tokens).toBe(60);
  });
});

describe("chat.completion", () => {
  it("has OpenAI's shape", () => {
    const c = chatCompletion(meta, "Paris.", "stop", buildUsage({ promptTokens: 12, completionTokens: 2 }));
    expect(c).toEqual({
      id: "chatcmpl-test",
      object: "chat.completion",
      created: 1_700_000_000,
      model: "openai/gpt-4o-mini",
      choices: [{ index: 0, message: { role: "assistant", content: "Paris." }, finish_reason: "stop" }],
      usage: { prompt_tokens: 12, completion_tokens: 2, total_tokens: 14 },
    });
  });
});

describe("SSE framing", () => {
  it("frames each event as one data line and a blank line", () => {
    expect(sseFrame({ a: "x\ny" })).toBe('data: {"a":"x\\ny"}\n\n');
    expect(SSE_DONE).toBe("data: [DONE]\n\n");
  });

  it("streams role, content pieces, finish, usage (empty choices), then [DONE]", () => {
    const usage = buildUsage({ promptTokens: 3, completionTokens: 2 });
    const frames = sseFrames(meta, ["Hello ", "world"], "length", usage);
    const body = frames.join("");
    expect(frames.at(-1)).toBe(SSE_DONE);
    for (const f of frames) expect(f).toMatch(/^data: .+\n\n$/);
    const { events, done } = parseSse(body);
    expect(done).toBe(true);
    const ev = events as Array<{ object: string; choices: Array<{ delta: { role?: string; content?: string }; finish_reason: string | null }>; usage?: unknown }>;
    expect(ev.every((e) => e.object === "chat.completion.chunk")).toBe(true);
    expect(ev[0].choices[0].delta).toEqual({ role: "assistant", content: "" });
    expect(ev.slice(1, 3).map((e) => e.choices[0].delta.content).join("")).toBe("Hello world");
    expect(ev[3].choices[0]).toEqual({ index: 0, delta: {}, finish_reason: "length" });
    expect(ev[4].choices).toEqual([]);
    expect(ev[4].usage).toEqual(usage);
    expect(ev).toHaveLength(5);
  });
});
