import { describe, expect, it } from "vitest";
import { buildChatRequest, carriedContext, carriedMessages, countTurns, serializeRequest } from "@/lib/chat/request-body";

const settings = { systemPrompt: "Be brief.", maxTokens: 256, temperature: 0.3, topP: 0.9 };

describe("buildChatRequest", () => {
  it("sends max_tokens explicitly, the system prompt first, and skips failed replies", () => {
    const body = buildChatRequest({
      model: "openai/gpt-4o-mini", settings, userText: "and now?",
      history: [
        { role: "user", content: "hi", status: "complete" },
        { role: "assistant", content: "", status: "error" },
        { role: "user", content: "again", status: "complete" },
        { role: "assistant", content: "hello", status: "complete" },
      ],
    });
    expect(body).toEqual({
      model: "openai/gpt-4o-mini", max_tokens: 256, stream: true, stream_options: { include_usage: true }, temperature: 0.3, top_p: 0.9,
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "hi" },
        { role: "user", content: "again" },
        { role: "assistant", content: "hello" },
        { role: "user", content: "and now?" },
      ],
    });
  });
  it("leaves sampling out for models that ignore it", () => {
    const body = buildChatRequest({ model: "anthropic/claude-opus-4.8", settings, userText: "x", history: [], traits: { ignoresSampling: true } });
    expect(body).not.toHaveProperty("temperature");
    expect(body).not.toHaveProperty("top_p");
  });
  it("serializes identically for identical input (the quote and the paid retry must match byte for byte)", () => {
    const a = serializeRequest(buildChatRequest({ model: "m", settings, userText: "x", history: [] }));
    const b = serializeRequest(buildChatRequest({ model: "m", settings: { ...settings }, userText: "x", history: [] }));
    expect(a).toBe(b);
  });
});

describe("carriedMessages / carriedContext: what a message carries, trimmed to the latest turns", () => {
  const history = [
    { role: "user" as const, content: "q1", status: "complete" as const },
    { role: "assistant" as const, content: "a1", status: "complete" as const },
    { role: "user" as const, content: "q2", status: "complete" as const },
    { role: "assistant" as const, content: "", status: "error" as const },
    { role: "user" as const, content: "q3", status: "complete" as const },
    { role: "assistant" as const, content: "a3", status: "complete" as const },
  ];
  it("carries every turn by default, without failed replies", () => {
    expect(carriedMessages(history).map((m) => m.content)).toEqual(["q1", "a1", "q2", "q3", "a3"]);
    expect(countTurns(history)).toBe(3);
  });
  it("keeps the last N turns (a turn is a user message and its replies); 0 keeps none", () => {
    expect(carriedMessages(history, 2).map((m) => m.content)).toEqual(["q2", "q3", "a3"]);
    expect(carriedMessages(history, 1).map((m) => m.content)).toEqual(["q3", "a3"]);
    expect(carriedMessages(history, 0)).toEqual([]);
    expect(carriedMessages(history, 9).map((m) => m.content)).toEqual(["q1", "a1", "q2", "q3", "a3"]);
  });
  it("the system prompt is always carried, and the request body uses the same list", () => {
    const s = { ...settings, systemPrompt: "Be brief.", carryTurns: 1 };
    expect(carriedContext(s, history).map((m) => m.content)).toEqual(["Be brief.", "q3", "a3"]);
    const body = buildChatRequest({ model: "m", settings: s, history, userText: "q4" });
    expect(body.messages.map((m) => m.content)).toEqual(["Be brief.", "q3", "a3", "q4"]);
  });
});
