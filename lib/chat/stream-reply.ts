/**
 * Reads the reply into the assistant message: on screen at every delta (through onDelta), into IndexedDB at most
 * every 250 ms, so a reload mid-stream keeps what arrived without a write per token.
 */
import { readStream } from "../blockrun/completions";
import type { ChatDatabase } from "../db/schema";
import type { MessageStatus, StoredUsage } from "../db/types";

const PERSIST_EVERY_MS = 250;

export interface StreamedReply {
  text: string;
  status: MessageStatus;
  usage?: StoredUsage;
  finishReason?: string;
  model?: string;
  error?: string;
  firstTokenAt?: number;
}

export async function streamReply(
  res: Response,
  o: { messageId: string; signal?: AbortSignal; db: ChatDatabase; onDelta?(text: string): void },
): Promise<StreamedReply> {
  let text = "";
  let firstTokenAt: number | undefined;
  let lastWrite = 0;
  let pending: Promise<unknown> = Promise.resolve();
  const result = await readStream(res, {
    signal: o.signal,
    onDelta(delta) {
      if (firstTokenAt === undefined) firstTokenAt = performance.now();
      text += delta;
      o.onDelta?.(text);
      const t = performance.now();
      if (t - lastWrite > PERSIST_EVERY_MS) {
        lastWrite = t;
        const snapshot = text;
        pending = pending.then(() => o.db.messages.update(o.messageId, { content: snapshot })).catch(() => {});
      }
    },
  });
  await pending;
  const aborted = o.signal?.aborted ?? false;
  return {
    text: result.text ?? text,
    status: aborted ? "stopped" : result.error ? "error" : "complete",
    usage: result.usage,
    finishReason: result.finishReason,
    model: result.model,
    error: aborted ? undefined : result.error,
    firstTokenAt,
  };
}
