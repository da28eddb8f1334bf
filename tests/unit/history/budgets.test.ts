import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { budgetInputOf, parseBudgetInput, raiseLabel, raiseLimit } from "@/lib/history/budgets";
import { DEFAULT_SPEND_SETTINGS, getSpendSettings, updateSpendSettings } from "@/lib/db/settings";
import { ChatDatabase } from "@/lib/db/schema";
import { guardQuote } from "@/lib/x402/quote-guard";
import { devnetNetwork } from "@/lib/networks";
import type { PaymentRequirements } from "@x402/core/types";

describe("budgets", () => {
  it("reads the form: empty is no limit, amounts are exact, bad input names its field", () => {
    expect(parseBudgetInput({ dailyLimit: "", conversationLimit: "  " })).toEqual({ dailyLimit: undefined, conversationLimit: undefined });
    expect(parseBudgetInput({ dailyLimit: "1.5", conversationLimit: "0.000001" })).toEqual({ dailyLimit: 1_500_000n, conversationLimit: 1n });
    expect(() => parseBudgetInput({ dailyLimit: "1.2345678", conversationLimit: "" })).toThrow(/^Daily limit: "1.2345678" is not a USDC amount/);
    expect(() => parseBudgetInput({ dailyLimit: "", conversationLimit: "-1" })).toThrow(/^Per-conversation limit/);
    expect(budgetInputOf({ ...DEFAULT_SPEND_SETTINGS, dailyLimit: 1_500_000n })).toEqual({ dailyLimit: "1.500000", conversationLimit: "" });
  });

  it("raises the refusing limit by exactly what the payment was over by, and keeps the rest", () => {
    const s = { perMessageCap: 500_000n, autoApproveUnder: 1_000n, dailyLimit: 10_000n, conversationLimit: 5_000n };
    expect(raiseLimit(s, "daily_limit", 1_012n)).toEqual({ ...s, dailyLimit: 11_012n });
    expect(raiseLimit(s, "conversation_limit", 1n)).toEqual({ ...s, conversationLimit: 5_001n });
    expect(raiseLimit(s, "daily_limit", 0n)).toBe(s);
    expect(raiseLabel(s, "daily_limit", 1_012n)).toBe("Raise daily limit to 0.011012 USDC");
    expect(raiseLabel(s, "conversation_limit", 1n)).toBe("Raise per-conversation limit to 0.005001 USDC");
  });

  it("a raised limit lets the same payment through the quote guard; saving keeps the other settings", async () => {
    const network = devnetNetwork({
      chainId: 31337, rpcUrl: "http://127.0.0.1:1", gatewayUrl: "http://127.0.0.1:1/api",
      usdc: { address: "0x5FbDB2315678afecb367f032d93F642f64180aa3", name: "USD Coin", version: "2", decimals: 6 },
      payTo: "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720",
    });
    const requirement = {
      scheme: "exact", network: network.caip2, asset: network.usdc.address, amount: "1012", payTo: network.payTo,
      maxTimeoutSeconds: 300, extra: { name: "USD Coin", version: "2" },
    } as PaymentRequirements;
    const d = new ChatDatabase(`test-${crypto.randomUUID()}`);
    await updateSpendSettings({ perMessageCap: 400_000n, autoApproveUnder: 50n, dailyLimit: 1n }, d);
    const s = await getSpendSettings(d);
    const refused = guardQuote(requirement, network, { perMessageCap: s.perMessageCap, dailyLimit: s.dailyLimit, spentToday: 0n });
    expect(refused).toMatchObject({ ok: false, code: "daily_limit", over: 1_011n });
    if (refused.ok) throw new Error("unreachable");
    await updateSpendSettings(raiseLimit(s, "daily_limit", refused.over!), d);
    const raised = await getSpendSettings(d);
    expect(raised).toEqual({ perMessageCap: 400_000n, autoApproveUnder: 50n, dailyLimit: 1_012n, conversationLimit: undefined });
    expect(guardQuote(requirement, network, { perMessageCap: raised.perMessageCap, dailyLimit: raised.dailyLimit, spentToday: 0n })).toEqual({ ok: true });
  });
});
