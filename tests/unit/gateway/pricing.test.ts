import { describe, expect, it } from "vitest";
import { findModel, decimalToMicro } from "@/devnet/gateway/catalog";
import {
  countPromptTokens,
  formatUsd6,
  MESSAGE_OVERHEAD_TOKENS,
  priceBody,
  quote,
  REPLY_PRIMER_TOKENS,
  tokenCount,
} from "@/devnet/gateway/pricing";

const model = (id: string) => {
  const e = findModel(id);
  if (!e) throw new Error(`no ${id}`);
  return e;
};

describe("decimalToMicro / formatUsd6", () => {
  it("parses decimal prices exactly, no floats", () => {
    expect(decimalToMicro("0")).toBe(0n);
    expect(decimalToMicro("5")).toBe(5_000_000n);
    expect(decimalToMicro("0.15")).toBe(150_000n);
    expect(decimalToMicro("0.075")).toBe(75_000n);
    expect(decimalToMicro("4.5")).toBe(4_500_000n);
    expect(decimalToMicro("0.000001")).toBe(1n);
    expect(() => decimalToMicro("0.0000001")).toThrow();
    expect(() => decimalToMicro("-1")).toThrow();
    expect(() => decimalToMicro("1e3")).toThrow();
  });

  it("formats atomic USDC with six decimals", () => {
    expect(formatUsd6(0n)).toBe("0.000000");
    expect(formatUsd6(1012n)).toBe("0.001012");
    expect(formatUsd6(1_000_000n)).toBe("1.000000");
    expect(formatUsd6(123_456_789n)).toBe("123.456789");
  });
});

describe("token counting", () => {
  it("counts content with a fixed per-message overhead and reply primer", () => {
    const msgs = [
      { role: "system" as const, content: "You are terse." },
      { role: "user" as const, content: "Hello there" },
    ];
    const expected =
      REPLY_PRIMER_TOKENS + 2 * MESSAGE_OVERHEAD_TOKENS + tokenCount("You are terse.") + tokenCount("Hello there");
    expect(countPromptTokens(msgs)).toBe(expected);
    expect(countPromptTokens(msgs)).toBe(countPromptTokens(structuredClone(msgs)));
  });

  it("treats special-token strings as plain text", () => {
    expect(() => tokenCount("<|endoftext|> and <|im_start|>")).not.toThrow();
    expect(tokenCount("<|endoftext|>")).toBeGreaterThan(1);
    expect(tokenCount("")).toBe(0);
  });

  it("uses the o200k tokenizer", () => {
    // "Hello world" is two tokens in o200k_base.
    expect(tokenCount("Hello world")).toBe(2);
  });
});

describe("quote", () => {
  it("prices input and output with ceil, plus the $0.001 fee", () => {
    // gpt-4o-mini: 0.15 / 0.6 per 1M. 16 prompt tokens -> 2.4 -> 3; 100 output -> 60.
    const q = quote(model("openai/gpt-4o-mini"), 16, 100);
    expect(q.inputCost).toBe(3n);
    expect(q.outputCost).toBe(60n);
    expect(q.fee).toBe(1000n);
    expect(q.amount).toBe(1063n);
    expect(priceBody(q)).toEqual({
      amount: "0.001063",
      currency: "USD",
      breakdown: { inputCost: "0.000003", outputCost: "0.000060", margin: "0%", fee: "0.001000" },
    });
  });

  it("matches hand-computed quotes across models", () => {
    // claude-sonnet-4.6: 3/15. 1000 prompt -> 3000; 1024 out -> 15360; + 1000.
    expect(quote(model("anthropic/claude-sonnet-4.6"), 1000, 1024).amount).toBe(3000n + 15_360n + 1000n);
    // gpt-5.5: 5/30. 12 prompt -> 60; 20 out -> 600.
    expect(quote(model("openai/gpt-5.5"), 12, 20).amount).toBe(60n + 600n + 1000n);
    // deepseek-chat: 0.14/0.28. 1 prompt -> 0.14 -> 1; 1 out -> 0.28 -> 1.
    expect(quote(model("deepseek/deepseek-chat"), 1, 1).amount).toBe(1002n);
    // gpt-5.4-mini: 0.75/4.5. 1_000_000 prompt -> 750_000 exactly; 1000 out -> 4500.
    expect(quote(model("openai/gpt-5.4-mini"), 1_000_000, 1000).amount).toBe(750_000n + 4_500n + 1000n);
  });

  it("never charges less than the $0.001 minimum", () => {
    const q = quote(model("deepseek/deepseek-chat"), 0, 0);
    expect(q.amount).toBe(1000n);
  });

  it("reprices the whole request above the long-context threshold", () => {
    const m = model("openai/gpt-5.5"); // 5/30, 10/45 above 272K
    const at = quote(m, 272_000, 100);
    expect(at.longContext).toBe(false);
    expect(at.amount).toBe(272_000n * 5n + 100n * 30n + 1000n);
    const above = quote(m, 272_001, 100);
    expect(above.longContext).toBe(true);
    expect(above.inputCost).toBe(2_720_010n);
    expect(above.outputCost).toBe(4_500n);
    expect(above.amount).toBe(2_720_010n + 4_500n + 1000n);

    const g = model("google/gemini-3.1-pro"); // 2/12, 4/18 above 200K
    expect(quote(g, 200_000, 10).longContext).toBe(false);
    expect(quote(g, 200_001, 10).amount).toBe(800_004n + 180n + 1000n);
  });

  it("charges a flat model its flat price per call", () => {
    const m = model("openai/gpt-oss-20b");
    const q = quote(m, 50_000, 30_000);
    expect(m.model.billing_mode).toBe("flat");
    expect(q.amount).toBe(decimalToMicro(String(m.model.pricing.flat)));
    expect(q.amount).toBe(1000n);
    expect(priceBody(q).breakdown.flat).toBe("0.001000");
  });

  it("is a pure function of its inputs", () => {
    const m = model("anthropic/claude-opus-4.8");
    expect(quote(m, 123, 456)).toEqual(quote(m, 123, 456));
  });
});
