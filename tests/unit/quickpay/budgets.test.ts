/** A quick pay session's payments count against the main wallet's daily budget (and the conversation's). */
import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { ChatDatabase } from "@/lib/db/schema";
import { budgetPayers, saveQuickPaySession, spentSinceByWallet } from "@/lib/db/quickpay";
import { updatePayment } from "@/lib/db/payments";
import { updateSpendSettings } from "@/lib/db/settings";
import { reservePayment } from "@/lib/payments/reserve";
import { DEVNET, requirementFor } from "../x402/fixtures";

const MAIN = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const SESSION = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

const pay = (payer: string, over: Record<string, unknown> = {}) => ({
  conversationId: "c1", messageId: "", networkId: "devnet" as const, chainId: DEVNET.chainId, model: "m", maxTokens: 10,
  amount: 31_780n, asset: DEVNET.usdc.address, payTo: DEVNET.payTo, payer, ...over,
});

describe("budgets across a wallet and its sessions", () => {
  it("sums the main wallet's and its sessions' payments, and refuses a session payment past the daily limit", async () => {
    const d = new ChatDatabase(`qpb-${crypto.randomUUID()}`);
    await saveQuickPaySession({
      id: "s1", address: SESSION, mainWallet: MAIN, networkId: "devnet", chainId: DEVNET.chainId, amount: "2000000", cap: "50000",
      createdAt: Date.now(), expiresAt: Date.now() + 60_000, state: "open",
    }, d);
    expect(await budgetPayers(SESSION, d)).toEqual([MAIN, SESSION]);
    await updateSpendSettings({ dailyLimit: 70_000n }, d);

    const own = await reservePayment({ id: "p1", requirement: requirementFor(DEVNET), network: DEVNET, payment: pay(MAIN) }, d);
    expect(own.ok).toBe(true);
    await updatePayment("p1", { status: "settled" }, d);
    const bySession = await reservePayment({
      id: "p2", requirement: requirementFor(DEVNET), network: DEVNET, payment: pay(SESSION, { sessionId: "s1", fundedBy: MAIN }),
    }, d);
    expect(bySession.ok).toBe(true);
    expect(await spentSinceByWallet(MAIN, 0, d)).toBe(63_560n);
    expect(await spentSinceByWallet(SESSION, 0, d)).toBe(63_560n);
    // A third 0.031780 passes 0.07 whichever of the two pays it.
    const third = await reservePayment({
      id: "p3", requirement: requirementFor(DEVNET), network: DEVNET, payment: pay(SESSION, { sessionId: "s1", fundedBy: MAIN }),
    }, d);
    expect(third.ok).toBe(false);
    if (!third.ok) expect(third.refusal.code).toBe("daily_limit");
    const byMain = await reservePayment({ id: "p4", requirement: requirementFor(DEVNET), network: DEVNET, payment: pay(MAIN) }, d);
    expect(byMain.ok).toBe(false);
  });
});
