/**
 * Reads a response body as text, but never more than `maxBytes`: a hostile or broken gateway can send a
 * body of any size, and a price or an error message is a few hundred bytes. Never throws.
 */
export interface CappedText {
  text: string;
  /** The body was longer than the cap; `text` holds only its beginning. */
  truncated: boolean;
}

export async function readTextCapped(res: Response, maxBytes: number): Promise<CappedText | undefined> {
  try {
    if (res.bodyUsed) return undefined;
    if (!res.body) return { text: "", truncated: false };
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    let truncated = false;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = maxBytes - size;
      if (value.byteLength > room) {
        chunks.push(value.subarray(0, room));
        size = maxBytes;
        truncated = true;
        await reader.cancel().catch(() => {});
        break;
      }
      chunks.push(value);
      size += value.byteLength;
    }
    const all = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.byteLength;
    }
    return { text: new TextDecoder().decode(all), truncated };
  } catch {
    return undefined;
  }
}

/** JSON.parse that answers undefined instead of throwing. */
export function tryParseJson(text: string | undefined): unknown {
  if (text === undefined || text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
