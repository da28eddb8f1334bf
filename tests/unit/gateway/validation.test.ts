import { describe, expect, it } from "vitest";
import { validateChatRequest, DEFAULT_MAX_TOKENS } from "@/devnet/gateway/validation";

const ok = (body: unknown) => {
  const r = validateChatRequest(body);
  if (!r.ok) throw new Error(JSON.stringify(r.body));
  return r.request;
};
const bad = (body: unknown) => {
  const r = validateChatRequest(body);
  if (r.ok) throw new Error("expected a 400");
  return r;
};

const user = [{ role: "user", content: "hi" }];

describe("validateChatRequest", () => {
  it("accepts a minimal body and applies defaults", () => {
    const r = ok({ model: "openai/gpt-4o-mini", messages: user });
    expect(r.maxTokens).toBe(DEFAULT_MAX_TOKENS);
    expect(r.stream).toBe(false);
    expect(r.promptCache).toBe(false);
    expect(r.messages).toEqual([{ role: "user", content: "hi" }]);
  });

  it("ignores unknown fields", () => {
    const r = ok({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "x", name: "bob" }], tools: [], foo: 1 });
    expect(r.messages[0]).toEqual({ role: "user", content: "x" });
  });

  it("treats null optional fields as absent", () => {
    const r = ok({ model: "openai/gpt-4o-mini", messages: user, temperature: null, max_tokens: null, stream: null });
    expect(r.temperature).toBeUndefined();
    expect(r.maxTokens).toBe(DEFAULT_MAX_TOKENS);
  });

  it.each([
    ["missing model", { messages: user }],
    ["empty messages", { model: "openai/gpt-4o-mini", messages: [] }],
    ["bad role", { model: "openai/gpt-4o-mini", messages: [{ role: "tool", content: "x" }] }],
    ["non-string content", { model: "openai/gpt-4o-mini", messages: [{ role: "user", content: 5 }] }],
    ["max_tokens 0", { model: "openai/gpt-4o-mini", messages: user, max_tokens: 0 }],
    ["max_tokens negative", { model: "openai/gpt-4o-mini", messages: user, max_tokens: -5 }],
    ["max_tokens float", { model: "openai/gpt-4o-mini", messages: user, max_tokens: 1.5 }],
    ["temperature > 2", { model: "openai/gpt-4o-mini", messages: user, temperature: 2.1 }],
    ["top_p < 0", { model: "openai/gpt-4o-mini", messages: user, top_p: -0.1 }],
    ["stream not boolean", { model: "openai/gpt-4o-mini", messages: user, stream: "yes" }],
    ["prompt_cache not boolean", { model: "openai/gpt-4o-mini", messages: user, prompt_cache: 1 }],
    ["array body", [1, 2]],
    ["null body", null],
  ])("rejects %s with 400 in BlockRun's envelope: INVALID_REQUEST_BODY + details", (_name, body) => {
    const r = bad(body);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      error: { message: "Invalid request body", type: "invalid_request_error", code: "INVALID_REQUEST_BODY", param: null },
      message: "Invalid request body",
      code: "INVALID_REQUEST_BODY",
    });
    expect(Array.isArray(r.body.details)).toBe(true);
    expect((r.body.details as unknown[]).length).toBeGreaterThan(0);
  });

  // BlockRun's schema: max_tokens is int >= 1 with no upper bound (@blockrun/llm CHANGELOG 3.8.3); the server clamps.
  it("accepts any max_tokens >= 1, however large (the server clamps and prices the clamped value)", () => {
    expect(ok({ model: "openai/gpt-4o-mini", messages: user, max_tokens: 1 }).maxTokens).toBe(1);
    const huge = ok({ model: "openai/gpt-4o-mini", messages: user, max_tokens: 1_000_000_000 });
    expect(huge.maxTokens).toBe(1_000_000_000);
    expect(huge.maxTokensGiven).toBe(true);
  });

  it("reads stream_options.include_usage", () => {
    expect(ok({ model: "openai/gpt-4o-mini", messages: user, stream: true }).includeUsage).toBe(false);
    expect(ok({ model: "openai/gpt-4o-mini", messages: user, stream: true, stream_options: { include_usage: true } }).includeUsage).toBe(true);
    expect(bad({ model: "openai/gpt-4o-mini", messages: user, stream_options: { include_usage: "yes" } }).status).toBe(400);
  });

  it("rejects an unknown model with BlockRun's plain-string 400", () => {
    const r = bad({ model: "openai/gpt-9", messages: user });
    expect(r.status).toBe(400);
    expect(String(r.body.error)).toMatch(/^Unknown model: openai\/gpt-9\. Try one of: .+\. Full list: GET \/v1\/models$/);
  });

  it("strips temperature/top_p for Claude Opus 4.7 and 4.8 only", () => {
    for (const model of ["anthropic/claude-opus-4.7", "anthropic/claude-opus-4.8"]) {
      const r = ok({ model, messages: user, temperature: 0.5, top_p: 0.9 });
      expect(r.temperature).toBeUndefined();
      expect(r.topP).toBeUndefined();
      expect(r.strippedSampling).toBe(true);
    }
    const s = ok({ model: "anthropic/claude-sonnet-4.6", messages: user, temperature: 0.5, top_p: 0.9 });
    expect(s.temperature).toBe(0.5);
    expect(s.topP).toBe(0.9);
    expect(s.strippedSampling).toBe(false);
  });
});
