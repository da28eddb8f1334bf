import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { buildTree, newestLeaf, pathTo, siblingsOf, subtreeIds, threadOf, withPending } from "@/lib/chat/thread";
import { ChatDatabase } from "@/lib/db/schema";
import { legacyDatabase } from "../../fixtures/legacy-database";
import { createConversation, getConversation } from "@/lib/db/conversations";
import { deleteMessageBranch, listMessages, saveExchange, selectBranch } from "@/lib/db/messages";
import { recordPayment, listConversationPayments } from "@/lib/db/payments";
import { newExchange } from "@/lib/chat/send/exchange";
import type { StoredMessage } from "@/lib/db/types";

const msg = (id: string, parentId: string | null | undefined, createdAt: number, role: StoredMessage["role"] = "user"): StoredMessage => ({
  id, parentId, createdAt, role, conversationId: "c", content: id, status: "complete",
});

// u1 ─ a1 ─ u2 ─ a2
//           └ u2b ─ a2b          (an edit of u2)
//      └ a1b                     (a regenerated reply to u1)
const branched = [
  msg("u1", null, 1), msg("a1", "u1", 2, "assistant"), msg("u2", "a1", 3), msg("a2", "u2", 4, "assistant"),
  msg("a1b", "u1", 5, "assistant"), msg("u2b", "a1", 6), msg("a2b", "u2b", 7, "assistant"),
];

describe("the conversation tree", () => {
  it("shows the path from the root to the active leaf", () => {
    const t = buildTree(branched);
    expect(threadOf(t, "a2").map((m) => m.id)).toEqual(["u1", "a1", "u2", "a2"]);
    expect(threadOf(t, "a2b").map((m) => m.id)).toEqual(["u1", "a1", "u2b", "a2b"]);
    expect(threadOf(t, "a1b").map((m) => m.id)).toEqual(["u1", "a1b"]);
  });

  it("without a (known) leaf, or from an inner message, follows the newest children", () => {
    const t = buildTree(branched);
    expect(threadOf(t).map((m) => m.id)).toEqual(["u1", "a1b"]);
    expect(threadOf(t, "gone").map((m) => m.id)).toEqual(["u1", "a1b"]);
    expect(threadOf(t, "a1").map((m) => m.id)).toEqual(["u1", "a1", "u2b", "a2b"]);
    expect(newestLeaf(t, "u2")?.id).toBe("a2");
  });

  it("gives each message its versions in the order they were written", () => {
    const t = buildTree(branched);
    expect(siblingsOf(t, t.byId.get("a1b")!)).toMatchObject({ index: 1, list: [{ id: "a1" }, { id: "a1b" }] });
    expect(siblingsOf(t, t.byId.get("u2")!)).toMatchObject({ index: 0, list: [{ id: "u2" }, { id: "u2b" }] });
    expect(siblingsOf(t, t.byId.get("u1")!).list).toHaveLength(1);
  });

  it("carries only the path to a new message's parent (an edit never carries the branch it replaces)", () => {
    const t = buildTree(branched);
    expect(pathTo(t, "a1").map((m) => m.id)).toEqual(["u1", "a1"]);
    expect(pathTo(t, null)).toEqual([]);
  });

  it("a deleted message takes everything after it on every branch", () => {
    const t = buildTree(branched);
    expect(subtreeIds(t, "a1").sort()).toEqual(["a1", "a2", "a2b", "u2", "u2b"]);
    expect(subtreeIds(t, "a2")).toEqual(["a2"]);
  });

  it("reads rows without parentId (older code) as following the message before them", () => {
    const t = buildTree([msg("x", undefined, 1), msg("y", undefined, 2, "assistant"), msg("z", undefined, 3)]);
    expect(threadOf(t).map((m) => m.id)).toEqual(["x", "y", "z"]);
  });
});

describe("stored tree", () => {
  it("v3 upgrade links each conversation's messages in time order and shows the last", async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    // The database as version 2 left it (the same stores, no parentId, no activeLeafId).
    const v2 = legacyDatabase(name, 2);
    await v2.table("conversations").bulkAdd([
      { id: "c1", title: "one", createdAt: 1, updatedAt: 1, networkId: "devnet", model: "m", settings: { systemPrompt: "", maxTokens: 10 }, draft: "" },
      { id: "c2", title: "two", createdAt: 1, updatedAt: 1, networkId: "devnet", model: "m", settings: { systemPrompt: "", maxTokens: 10 }, draft: "" },
      { id: "c3", title: "empty", createdAt: 1, updatedAt: 1, networkId: "devnet", model: "m", settings: { systemPrompt: "", maxTokens: 10 }, draft: "" },
    ]);
    // Written out of order on purpose: the upgrade follows createdAt.
    const v2Row = (id: string, conversationId: string, createdAt: number) =>
      ({ id, conversationId, role: "user", content: id, createdAt, status: "complete" });
    await v2.table("messages").bulkAdd([v2Row("b", "c1", 20), v2Row("a", "c1", 10), v2Row("c", "c1", 30), v2Row("z", "c2", 5)]);
    v2.close();

    const d = new ChatDatabase(name);
    const c1 = await listMessages("c1", d);
    expect(c1.map((m) => [m.id, m.parentId])).toEqual([["a", null], ["b", "a"], ["c", "b"]]);
    expect((await listMessages("c2", d)).map((m) => [m.id, m.parentId])).toEqual([["z", null]]);
    expect((await getConversation("c1", d))?.activeLeafId).toBe("c");
    expect((await getConversation("c2", d))?.activeLeafId).toBe("z");
    expect((await getConversation("c3", d))?.activeLeafId).toBeUndefined();
    d.close();
  });

  it("a regenerated reply is a sibling, shown at once; deleting it shows the other; payments stay", async () => {
    const d = new ChatDatabase(`tree-${crypto.randomUUID()}`);
    const c = await createConversation({ networkId: "devnet", model: "m" }, d);
    const first = newExchange({ conversationId: c.id, text: "hi", model: "m", parentId: null });
    await saveExchange(first, d);
    expect((await getConversation(c.id, d))?.activeLeafId).toBe(first.assistant.id);

    await d.conversations.update(c.id, { draft: "kept" });
    const again = newExchange({ conversationId: c.id, text: "hi", model: "m", replyToId: first.user!.id });
    expect(again.user).toBeUndefined();
    expect(again.assistant.parentId).toBe(first.user!.id);
    const p = await recordPayment({
      conversationId: c.id, messageId: again.assistant.id, networkId: "devnet", chainId: 31337, model: "m", maxTokens: 1,
      amount: 7n, asset: "0xA", payTo: "0xB", payer: "0xP",
    }, d);
    await saveExchange(again, d, { keepDraft: true });
    const conv = await getConversation(c.id, d);
    expect(conv?.activeLeafId).toBe(again.assistant.id);
    expect(conv?.draft).toBe("kept");
    const t = buildTree(await listMessages(c.id, d));
    expect(siblingsOf(t, t.byId.get(again.assistant.id)!).list.map((m) => m.id)).toEqual([first.assistant.id, again.assistant.id]);

    await selectBranch(c.id, first.assistant.id, d);
    expect(threadOf(buildTree(await listMessages(c.id, d)), (await getConversation(c.id, d))?.activeLeafId).at(-1)?.id).toBe(first.assistant.id);

    expect(await deleteMessageBranch(c.id, first.assistant.id, d)).toEqual([first.assistant.id]);
    const after = await getConversation(c.id, d);
    expect(threadOf(buildTree(await listMessages(c.id, d)), after?.activeLeafId).map((m) => m.id)).toEqual([first.user!.id, again.assistant.id]);

    // Deleting the person's message takes its replies; the payment record is untouched.
    await deleteMessageBranch(c.id, first.user!.id, d);
    expect(await listMessages(c.id, d)).toEqual([]);
    expect(await listConversationPayments(c.id, d)).toEqual([expect.objectContaining({ id: p.id, amount: "7" })]);
    d.close();
  });
});

describe("withPending (a send's messages before IndexedDB has them)", () => {
  const m = (id: string, parentId: string | null): StoredMessage => ({ id, parentId, conversationId: "c", role: "user", content: id, createdAt: 0, status: "complete" });
  const thread = [m("a", null), m("b", "a"), m("c", "b")];
  const inThread = (id: string) => thread.some((x) => x.id === id);

  it("appends a new exchange under the last message", () => {
    expect(withPending(thread, [m("u", "c"), m("r", "u")], inThread).map((x) => x.id)).toEqual(["a", "b", "c", "u", "r"]);
  });
  it("cuts the thread at an edit's or a regenerate's parent (the new branch shows)", () => {
    expect(withPending(thread, [m("u2", "a"), m("r2", "u2")], inThread).map((x) => x.id)).toEqual(["a", "u2", "r2"]);
    expect(withPending(thread, [m("r3", "b")], inThread).map((x) => x.id)).toEqual(["a", "b", "r3"]);
    expect(withPending(thread, [m("u0", null), m("r0", "u0")], inThread).map((x) => x.id)).toEqual(["u0", "r0"]);
  });
  it("changes nothing once the database has them (on any branch), or when their parent is not in the thread", () => {
    expect(withPending(thread, [thread[2]], inThread)).toBe(thread);
    expect(withPending(thread, undefined, inThread)).toBe(thread);
    expect(withPending(thread, [m("x", "elsewhere")], inThread)).toBe(thread);
    // The person went back to an older version: the stored new branch is not forced back on screen.
    expect(withPending(thread, [m("u2", "a"), m("r2", "u2")], (id) => inThread(id) || id === "u2" || id === "r2")).toBe(thread);
  });
});
