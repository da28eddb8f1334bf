import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { composeMessage, MAX_ATTACHMENT_BYTES, readTextFile, splitAttachments } from "@/lib/chat/attachments";
import { conversationMarkdown, markdownFileName } from "@/lib/chat/export-markdown";
import { ChatDatabase } from "@/lib/db/schema";
import { createConversation, renameConversation } from "@/lib/db/conversations";
import { saveMessage } from "@/lib/db/messages";
import { searchConversations } from "@/lib/db/search";
import type { StoredMessage, StoredPayment } from "@/lib/db/types";

const file = (name: string, content: string | Uint8Array) => {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  return { name, size: bytes.length, arrayBuffer: async () => bytes.slice().buffer };
};

describe("attached text files", () => {
  it("reads UTF-8 text and refuses binary or too big files with a clear message", async () => {
    expect(await readTextFile(file("a.txt", "\uFEFFhéllo"))).toEqual({ ok: true, file: { name: "a.txt", text: "héllo" } });
    const bin = await readTextFile(file("img.png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1])));
    expect(bin).toMatchObject({ ok: false, message: expect.stringContaining("not a text file") });
    const bad = await readTextFile(file("latin1.txt", new Uint8Array([0x63, 0x61, 0xe9, 0x20])));
    expect(bad.ok).toBe(false);
    const big = await readTextFile(file("big.log", "x".repeat(MAX_ATTACHMENT_BYTES + 1)));
    expect(big).toMatchObject({ ok: false, message: expect.stringContaining("at most 200 kB") });
  });

  it("puts each file in the message as a fenced block that its own backticks cannot close", () => {
    expect(composeMessage("Summarise", [])).toBe("Summarise");
    const m = composeMessage(" Summarise ", [{ name: "notes.md", text: "a\n```js\nx\n```\n" }]);
    expect(m).toBe("Summarise\n\nFile: notes.md\n````md\na\n```js\nx\n```\n````");
    expect(composeMessage("", [{ name: "x", text: "t" }])).toBe("File: x\n```\nt\n```");
  });

  it("reads the files back out of a sent message, for display", () => {
    const files = [{ name: "notes.md", text: "a\n```js\nx\n```" }, { name: "b.txt", text: "b" }];
    expect(splitAttachments(composeMessage("Summarise", files))).toEqual([
      { kind: "text", text: "Summarise" }, { kind: "file", ...files[0] }, { kind: "file", ...files[1] },
    ]);
    expect(splitAttachments(composeMessage("", files.slice(1)))).toEqual([{ kind: "file", ...files[1] }]);
    expect(splitAttachments("just text\nFile: not a block")).toEqual([{ kind: "text", text: "just text\nFile: not a block" }]);
  });
});

describe("Markdown export", () => {
  it("writes the thread with model names and each paid reply's cost", () => {
    const thread: StoredMessage[] = [
      { id: "u", conversationId: "c", role: "user", content: "Hello?", createdAt: 1, status: "complete" },
      { id: "a", conversationId: "c", role: "assistant", content: "Hi **there**", createdAt: 2, status: "complete", model: "openai/gpt-4o-mini", paymentId: "p" },
      { id: "f", conversationId: "c", role: "assistant", content: "free", createdAt: 3, status: "complete", model: "x/free" },
    ];
    const payments = new Map([["p", { id: "p", amount: "1234", status: "settled" } as StoredPayment]]);
    const md = conversationMarkdown({ conversation: { title: "Greetings", networkId: "devnet" }, thread, payments, exportedAt: new Date(0) });
    expect(md).toBe(
      "# Greetings\n\nExported 1970-01-01T00:00:00.000Z from BlockRun Chat (network: devnet).\n\n## You\n\nHello?\n\n" +
      "## openai/gpt-4o-mini · 0.001234 USDC (paid)\n\nHi **there**\n\n## x/free\n\nfree\n",
    );
    expect(markdownFileName("Héllo, wörld: a/b?")).toBe("hello-world-a-b.md");
    expect(markdownFileName("???")).toBe("conversation.md");
  });
});

describe("conversation search", () => {
  it("finds conversations by title and by any message's text, with the words around it", async () => {
    const d = new ChatDatabase(`search-${crypto.randomUUID()}`);
    const a = await createConversation({ networkId: "devnet", model: "m", title: "Rust lifetimes" }, d);
    const b = await createConversation({ networkId: "devnet", model: "m", title: "Dinner" }, d);
    await saveMessage({ id: "m1", conversationId: b.id, role: "assistant", content: "Try a risotto with saffron and parmesan.", createdAt: 1, status: "complete" }, d);
    expect((await searchConversations("rust", d)).map((h) => h.conversation.id)).toEqual([a.id]);
    const hits = await searchConversations("SAFFRON", d);
    expect(hits).toEqual([{ conversation: expect.objectContaining({ id: b.id }), snippet: "Try a risotto with saffron and parmesan." }]);
    expect(await searchConversations("  ", d)).toEqual([]);
    await renameConversation(a.id, "Saffron prices", d);
    expect((await searchConversations("saffron", d)).map((h) => h.conversation.id).sort()).toEqual([a.id, b.id].sort());
  });
});
