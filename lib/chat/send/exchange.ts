/** The two messages one send adds: the person's, and the reply's placeholder that the stream fills. */
import type { StoredMessage } from "../../db/types";
import type { SendRequest } from "./machine";

export interface Exchange {
  user: StoredMessage;
  assistant: StoredMessage;
}

export function newExchange(req: Pick<SendRequest, "conversationId" | "text" | "model">, paymentId?: string): Exchange {
  const now = Date.now();
  return {
    user: { id: crypto.randomUUID(), conversationId: req.conversationId, role: "user", content: req.text, createdAt: now, status: "complete" },
    assistant: {
      id: crypto.randomUUID(), conversationId: req.conversationId, role: "assistant", content: "", createdAt: now + 1,
      status: "streaming", model: req.model, ...(paymentId ? { paymentId } : {}),
    },
  };
}
