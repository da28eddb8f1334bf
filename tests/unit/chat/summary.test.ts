import { describe, expect, it } from "vitest";
import { SUMMARY_REQUEST, settingsWithSummary, summaryReply } from "@/lib/chat/summary";

const m = (role: "user" | "assistant", content: string, status: "complete" | "error" | "streaming" = "complete") => ({ role, content, status });

describe("new chat with summary", () => {
  it("finds the summary only when the last exchange is a complete answer to the summary request", () => {
    expect(summaryReply([m("user", "hi"), m("assistant", "hello"), m("user", SUMMARY_REQUEST), m("assistant", " The gist. ")])).toBe("The gist.");
    expect(summaryReply([m("user", SUMMARY_REQUEST), m("assistant", "half", "streaming")])).toBeUndefined();
    expect(summaryReply([m("user", SUMMARY_REQUEST), m("assistant", "", "error")])).toBeUndefined();
    expect(summaryReply([m("user", SUMMARY_REQUEST), m("assistant", "gist"), m("user", "more")])).toBeUndefined();
    expect(summaryReply([m("user", "something else"), m("assistant", "gist")])).toBeUndefined();
  });
  it("carries the summary in the system prompt, after the old one, and carries all turns again", () => {
    const s = settingsWithSummary({ systemPrompt: "Be brief.", maxTokens: 50, carryTurns: 0 }, "The gist.");
    expect(s.systemPrompt).toMatch(/^Be brief\.\n\nSummary of an earlier conversation.*:\nThe gist\.$/s);
    expect(s.maxTokens).toBe(50);
    expect("carryTurns" in s).toBe(false);
    expect(settingsWithSummary({ systemPrompt: "", maxTokens: 1 }, "x").systemPrompt).toMatch(/^Summary/);
  });
});
