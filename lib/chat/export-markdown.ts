/**
 * A conversation as Markdown: the thread shown, each reply under the model that wrote it and, where it was paid,
 * its cost and the payment's status. Loaded when "Export as Markdown" is pressed.
 */
import type { StoredConversation, StoredMessage, StoredPayment } from "../db/types";
import { formatUsdc, parseAtomic } from "../money";
import { PAYMENT_STATUS } from "../payments/status";
import type { ChatDatabase } from "../db/schema";
import { getConversation } from "../db/conversations";
import { listMessages } from "../db/messages";
import { listConversationPayments } from "../db/payments";
import { buildTree, threadOf } from "./thread";

export function conversationMarkdown(o: {
  conversation: Pick<StoredConversation, "title" | "networkId">;
  thread: readonly StoredMessage[];
  payments: ReadonlyMap<string, StoredPayment>;
  exportedAt?: Date;
}): string {
  const lines = [`# ${o.conversation.title}`, "", `Exported ${(o.exportedAt ?? new Date()).toISOString()} from BlockRun Chat (network: ${o.conversation.networkId}).`];
  for (const m of o.thread) {
    lines.push("");
    if (m.role === "user") {
      lines.push("## You");
    } else {
      const p = m.paymentId ? o.payments.get(m.paymentId) : undefined;
      const cost = p ? ` · ${formatUsdc(parseAtomic(p.amount))} USDC (${PAYMENT_STATUS[p.status].label})` : m.fallbackModel ? " · free fallback, not charged" : "";
      lines.push(`## ${m.fallbackModel ?? m.model ?? "Assistant"}${cost}`);
    }
    lines.push("", m.content || (m.status === "error" ? `_${m.error ?? "No reply."}_` : "_(empty)_"));
  }
  return `${lines.join("\n")}\n`;
}

/** A file name from the title: letters, digits and dashes. */
export function markdownFileName(title: string): string {
  const slug = title.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "").slice(0, 60);
  return `${slug || "conversation"}.md`;
}

/** Reads a conversation's shown thread and payments and renders it (the "Export as Markdown" action). */
export async function loadConversationMarkdown(conversationId: string, d?: ChatDatabase) {
  const [conversation, messages, payments] = await Promise.all([
    getConversation(conversationId, d), listMessages(conversationId, d), listConversationPayments(conversationId, d),
  ]);
  if (!conversation) return undefined;
  const thread = threadOf(buildTree(messages), conversation.activeLeafId);
  const text = conversationMarkdown({ conversation, thread, payments: new Map(payments.map((p) => [p.id, p])) });
  return { name: markdownFileName(conversation.title), text };
}
