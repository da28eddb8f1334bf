import "fake-indexeddb/auto";
import { describe, expect, it, beforeEach } from "vitest";
import { ChatDatabase } from "@/lib/db/schema";
import { importPayments, listPayments, recordPayment, asSigned, recordSigning, spentInConversation, spentSince, updatePayment, paymentAmount } from "@/lib/db/payments";
import { createConversation, deleteConversation } from "@/lib/db/conversations";
import { saveMessage, saveExchange, listMessages, markInterruptedStreams } from "@/lib/db/messages";
import { getSpendSettings, updateSpendSettings } from "@/lib/db/settings";
import { raiseLimitPatch } from "@/lib/history/budgets";

let d: ChatDatabase;
beforeEach(async () => {
  d = new ChatDatabase(`test-${crypto.randomUUID()}`);
  await d.open();
});

const base = {
  conversationId: "c1", messageId: "m1", networkId: "devnet" as const, chainId: 31337, model: "openai/gpt-4o-mini",
  maxTokens: 1024, asset: "0xA", payTo: "0xB", payer: "0xPAYER",
};

describe("payments", () => {
  it("keeps amounts exact through storage and sums them as bigints", async () => {
    const a = await recordPayment({ ...base, amount: 1_012n }, d);
    const b = await recordPayment({ ...base, amount: 9_007_199_254_740_993n }, d); // above 2^53: a float would round it
    await updatePayment(a.id, { status: "settled", txHash: "0x1" }, d);
    await updatePayment(b.id, { status: "signed", nonce: "0x02" }, d);
    const rows = await listPayments({ payer: "0xPAYER" }, d);
    expect(rows.map(paymentAmount).sort()).toEqual([1_012n, 9_007_199_254_740_993n].sort());
    expect(await spentInConversation("c1", d)).toBe(9_007_199_254_740_993n + 1_012n);
    expect(await spentSince("0xPAYER", 0, d)).toBe(9_007_199_254_740_993n + 1_012n);
  });

  it("counts what is proven not charged as nothing, and what awaits approval as reserved", async () => {
    const a = await recordPayment({ ...base, amount: 5_000n }, d);
    const b = await recordPayment({ ...base, amount: 7_000n }, d);
    await recordPayment({ ...base, amount: 11_000n }, d);
    await updatePayment(a.id, { status: "not_signed", reason: "You declined in the wallet" }, d);
    await updatePayment(b.id, { status: "expired" }, d);
    expect(await spentInConversation("c1", d)).toBe(11_000n);
  });

  it("never takes back a proven outcome", async () => {
    const a = await recordPayment({ ...base, amount: 5_000n }, d);
    await updatePayment(a.id, { status: "settled", txHash: "0xaa" }, d);
    await updatePayment(a.id, { status: "unknown", reason: "late" }, d);
    expect(await d.payments.get(a.id)).toMatchObject({ status: "settled", txHash: "0xaa", reason: "late" });
  });

  it("records the authorization over the reservation before the wallet, then the signature with the messages: counted, the amount unchanged", async () => {
    const reserved = await recordPayment({ ...base, amount: 9_007_199_254_740_993n }, d);
    const terms = { payer: "0xPAYER", nonce: "0x01", messageId: "m2", validAfter: "0", validBefore: "99" };
    const signing = await recordSigning(reserved, terms, d);
    expect(await d.payments.get(reserved.id)).toMatchObject({ ...terms, status: "quoted", amount: "9007199254740993", createdAt: reserved.createdAt });
    expect(await spentInConversation("c1", d)).toBe(9_007_199_254_740_993n);
    await saveExchange({ assistant: { id: "m2", conversationId: "c1", role: "assistant", content: "", createdAt: 1, status: "streaming" } }, d, { payment: asSigned(signing) });
    expect(await d.payments.get(reserved.id)).toMatchObject({ ...terms, status: "signed", amount: "9007199254740993", createdAt: reserved.createdAt });
    expect(await spentInConversation("c1", d)).toBe(9_007_199_254_740_993n);
  });

  it("imports an export twice without duplicates", async () => {
    await recordPayment({ ...base, amount: 1n }, d);
    const rows = await d.payments.toArray();
    const other = new ChatDatabase(`test-${crypto.randomUUID()}`);
    expect(await importPayments(rows, other)).toEqual({ added: 1, skipped: 0 });
    expect(await importPayments(rows, other)).toEqual({ added: 0, skipped: 1 });
    expect(await other.payments.count()).toBe(1);
  });

  it("keeps payments when their conversation is deleted", async () => {
    const c = await createConversation({ networkId: "devnet", model: "m" }, d);
    await saveMessage({ id: "x", conversationId: c.id, role: "user", content: "hi", createdAt: 1, status: "complete" }, d);
    await recordPayment({ ...base, conversationId: c.id, amount: 3n }, d);
    await deleteConversation(c.id, d);
    expect(await listMessages(c.id, d)).toEqual([]);
    expect(await d.payments.count()).toBe(1);
  });
});

describe("messages", () => {
  it("marks replies left streaming by a closed tab as interrupted, keeping their text", async () => {
    await saveMessage({ id: "a", conversationId: "c", role: "assistant", content: "half a rep", createdAt: 2, status: "streaming" }, d);
    await markInterruptedStreams(d);
    const [m] = await listMessages("c", d);
    expect(m.status).toBe("interrupted");
    expect(m.content).toBe("half a rep");
  });
});

describe("spend settings", () => {
  it("defaults the per-message cap to $0.50 and round-trips limits as bigints", async () => {
    expect((await getSpendSettings(d)).perMessageCap).toBe(500_000n);
    await updateSpendSettings({ perMessageCap: 1_000n, dailyLimit: 2_500_000n, autoApproveUnder: 2_000n }, d);
    expect(await getSpendSettings(d)).toEqual({ perMessageCap: 1_000n, dailyLimit: 2_500_000n, autoApproveUnder: 2_000n, conversationLimit: undefined });
  });

  it("merges every change: a control saving one field never erases another's", async () => {
    await updateSpendSettings({ dailyLimit: 3_000_000n, conversationLimit: 1_000_000n }, d);
    // The chat's cap control saves its two fields only, as two tabs might at once.
    await Promise.all([updateSpendSettings({ perMessageCap: 200_000n, autoApproveUnder: null }, d), updateSpendSettings({ autoApproveUnder: 5n }, d)]);
    const s = await getSpendSettings(d);
    expect(s.dailyLimit).toBe(3_000_000n);
    expect(s.conversationLimit).toBe(1_000_000n);
    expect(s.perMessageCap).toBe(200_000n);
    await updateSpendSettings({ dailyLimit: null, perMessageCap: null }, d);
    expect(await getSpendSettings(d)).toMatchObject({ dailyLimit: undefined, perMessageCap: 500_000n, conversationLimit: 1_000_000n });
  });

  it("raises a limit from the value stored at that moment", async () => {
    await updateSpendSettings({ dailyLimit: 1_000n }, d);
    await updateSpendSettings((cur) => raiseLimitPatch(cur, "daily_limit", 250n), d);
    expect((await getSpendSettings(d)).dailyLimit).toBe(1_250n);
  });
});
