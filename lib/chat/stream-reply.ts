/**
 * Reads the reply into the assistant message: on screen at every delta (through onDelta), into IndexedDB at most
 * every 250 ms (the first write 250 ms after the first token, so no write or live query re-read competes with
 * its paint), so a reload mid-stream keeps what arrived without a write per token. `after`: the row's own write
 * (beside the request), which the updates follow; the text does not wait for it.
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
  /** The stream broke before the model finished: `text` is what arrived, `error` starts with "Cut short". */
  cutShort: boolean;
  /** Frames that were not JSON, skipped. */
  skippedFrames: number;
}

/** The marker a person sees on a reply that stopped arriving before the model finished. */
export const CUT_SHORT = "Cut short";

/**
 * What a finished read means for the stored message: aborted = "stopped"; an error with no text at all =
 * "error"; a reply that broke after some text is kept as far as it came, marked "Cut short" (status "error",
 * the text kept beside it), so a paid reply is never thrown away.
 */
export function replyOutcome(r: { text: string; aborted: boolean; error?: string; cutShort: boolean }): { status: MessageStatus; error?: string } {
  if (r.aborted) return { status: "stopped" };
  if (!r.error) return { status: "complete" };
  if (r.cutShort && r.text) return { status: "error", error: `${CUT_SHORT}: ${r.error}` };
  return { status: "error", error: r.error };
}

export async function streamReply(
  res: Response,
  o: { messageId: string; signal?: AbortSignal; db: ChatDatabase; onDelta?(text: string): void; after?: Promise<unknown> },
): Promise<StreamedReply> {
  let text = "";
  let firstTokenAt: number | undefined;
  let lastWrite = 0;
  let pending: Promise<unknown> = (o.after ?? Promise.resolve()).catch(() => {}); // the caller reports a failed save
  const result = await readStream(res, {
    signal: o.signal,
    onDelta(delta) {
      if (firstTokenAt === undefined) {
        firstTokenAt = lastWrite = performance.now();
        performance.mark("send:first-delta");
      }
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
  const aborted = (o.signal?.aborted ?? false) || result.aborted;
  const outcome = replyOutcome({ text: result.text ?? text, aborted, error: result.error, cutShort: result.cutShort });
  return {
    text: result.text ?? text,
    status: outcome.status,
    usage: result.usage,
    finishReason: result.finishReason,
    model: result.model,
    error: outcome.error,
    firstTokenAt,
    cutShort: !aborted && result.cutShort,
    skippedFrames: result.skippedFrames,
  };
}
