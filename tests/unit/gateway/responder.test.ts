import { describe, expect, it } from "vitest";
import { findModel } from "@/devnet/gateway/catalog";
import { countPromptTokens, tokenCount, type ChatMessage } from "@/devnet/gateway/pricing";
import {
  composeAnswer,
  lastUserText,
  respond,
  splitForStreaming,
  truncateToTokens,
  wantsStructured,
} from "@/devnet/gateway/responder";

const entry = (id: string) => findModel(id)!;
const ask = (text: string, id = "openai/gpt-4o-mini", maxTokens = 1024) => {
  const messages: ChatMessage[] = [{ role: "user", content: text }];
  return respond({ entry: entry(id), messages, maxTokens, promptTokens: countPromptTokens(messages) });
};

describe("responder", () => {
  it("quotes the user's text verbatim, not escaped", () => {
    for (const text of ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "a & b \"quoted\" 'single'"]) {
      const r = ask(text);
      expect(r.content).toContain(`You said: "${text}"`);
      expect(r.finishReason).toBe("stop");
    }
  });

  it("answers from the last user message", () => {
    const messages: ChatMessage[] = [
      { role: "system", content: "sys" },
      { role: "user", content: "first question" },
      { role: "assistant", content: "first answer" },
      { role: "user", content: "second question" },
    ];
    expect(lastUserText(messages)).toBe("second question");
    const r = respond({ entry: entry("openai/gpt-4o-mini"), messages, maxTokens: 500, promptTokens: 10 });
    expect(r.content).toContain('You said: "second question"');
    expect(r.content).not.toContain("first question");
  });

  it("is deterministic", () => {
    expect(ask("What is the capital of France?")).toEqual(ask("What is the capital of France?"));
    expect(ask("One question").content).not.toEqual(ask("Another question").content);
  });

  it("writes a plain paragraph for plain questions", () => {
    const r = ask("What is the capital of France?");
    expect(r.content).not.toContain("```");
    expect(r.content).not.toContain("|");
    expect(r.content.split(". ").length).toBeGreaterThan(2);
  });

  it("writes real Markdown (heading, list, GFM table, ts fence) when asked for code or a table", () => {
    for (const q of ["Write a function that adds two numbers", "Show me a table of prices", "Give me some code", "Answer in markdown"]) {
      expect(wantsStructured(q)).toBe(true);
      const r = ask(q, "anthropic/claude-sonnet-4.6", 4000);
      expect(r.finishReason).toBe("stop");
      expect(r.content).toMatch(/^## .+/m);
      expect(r.content).toMatch(/^- \*\*Step 1:\*\*/m);
      expect(r.content).toMatch(/^\| Item \| Value \|\n\| --- \| --- \|$/m);
      expect(r.content).toMatch(/^```ts\n[\s\S]+\n```$/m);
      expect(r.content).toContain(`You said: "${q}"`);
    }
    expect(wantsStructured("functional programming?")).toBe(false);
  });

  it("cuts at max_tokens with finish_reason length", () => {
    const r = ask("Tell me about the weather", "openai/gpt-4o-mini", 10);
    expect(r.finishReason).toBe("length");
    expect(r.completionTokens).toBeLessThanOrEqual(10);
    expect(r.completionTokens).toBe(tokenCount(r.content));
    const full = ask("Tell me about the weather", "openai/gpt-4o-mini", 4000);
    expect(full.content.startsWith(r.content)).toBe(true);
  });

  it("never splits a character when truncating", () => {
    const text = "日本語のテキスト😀😀😀 with emoji 🎉🎉 and more 漢字漢字漢字";
    for (let n = 1; n < 30; n++) {
      const t = truncateToTokens(text, n);
      expect(t.text).not.toContain("\uFFFD");
      expect(tokenCount(t.text)).toBeLessThanOrEqual(n);
    }
  });

  it("reports reasoning tokens for reasoning models, inside completion_tokens", () => {
    const r = ask("Why is the sky blue?", "openai/gpt-5.5", 1024);
    expect(r.reasoningTokens).toBeGreaterThan(0);
    expect(r.completionTokens).toBe(tokenCount(r.content) + r.reasoningTokens);
    const small = ask("Why is the sky blue?", "deepseek/deepseek-reasoner", 8);
    expect(small.completionTokens).toBeLessThanOrEqual(8);
    expect(small.reasoningTokens).toBeLessThanOrEqual(2);
    expect(ask("Why is the sky blue?", "anthropic/claude-opus-4.8").reasoningTokens).toBe(0);
  });

  it("splits for streaming into word pieces that join back exactly", () => {
    const content = composeAnswer(entry("openai/gpt-4o-mini"), [{ role: "user", content: "  code table\n\nhi  " }], 12);
    const pieces = splitForStreaming(content);
    expect(pieces.join("")).toBe(content);
    expect(pieces.length).toBeGreaterThan(20);
    expect(splitForStreaming("")).toEqual([]);
    expect(splitForStreaming("  a b ")).toEqual(["  ", "a ", "b "]);
  });
});
