import { describe, expect, it } from "vitest";
import { buildChatRequest, serializeRequest } from "@/lib/chat/request-body";

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
