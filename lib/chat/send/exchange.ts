/** The two messages one send adds: the person's, and the reply's placeholder that the stream fills. */
import type { StoredMessage } from "../../db/types";
import type { SendRequest } from "./machine";

export interface Exchange {
  /** Absent when the reply regenerates one to an existing message (req.replyToId). */
  user?: StoredMessage;
  assistant: StoredMessage;
}

export function newExchange(
  req: Pick<SendRequest, "conversationId" | "text" | "model" | "parentId" | "replyToId">,
  paymentId?: string,
): Exchange {
  const now = Date.now();
  const user: StoredMessage | undefined = req.replyToId
    ? undefined
    : {
        id: crypto.randomUUID(), conversationId: req.conversationId, parentId: req.parentId ?? null, role: "user",
        content: req.text, createdAt: now, status: "complete",
      };
  return {
    user,
    assistant: {
      id: crypto.randomUUID(), conversationId: req.conversationId, parentId: user?.id ?? req.replyToId ?? null,
      role: "assistant", content: "", createdAt: now + 1, status: "streaming", model: req.model,
      ...(paymentId ? { paymentId } : {}),
    },
  };
}
