/**
 * Prompt tokens as the gateway counts them, shared by the devnet gateway (devnet/gateway/pricing.ts) and the
 * app's estimate (lib/pricing/estimate.ts), so the two can never drift apart:
 *
 *   prompt_tokens = REPLY_PRIMER + sum over messages of (MESSAGE_OVERHEAD + tokens(content))
 *
 * The tokenizer itself is passed in (`TokenCounter`): the devnet imports o200k statically, the browser loads it
 * lazily (lib/pricing/tokenizer.ts), because its rank table is about 2 MB.
 */

/** Per-message framing (role markers), as chat formats add around each message, and the reply primer. */
export const MESSAGE_OVERHEAD_TOKENS = 4;
export const REPLY_PRIMER_TOKENS = 3;

export type TokenCounter = (text: string) => number;

export interface PromptMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** Prompt tokens of a whole message list. */
export function countPromptTokens(messages: readonly PromptMessage[], count: TokenCounter): number {
  let n = REPLY_PRIMER_TOKENS;
  for (const m of messages) n += MESSAGE_OVERHEAD_TOKENS + count(m.content);
  return n;
}

/**
 * Counts a conversation's carried messages once and only the draft on each keystroke: per-message counts are
 * kept by content (a message's text never changes once it is carried), so a new reply costs one count and a
 * keystroke none for the history.
 */
export class PromptCounter {
  private readonly byContent = new Map<string, number>();
  constructor(readonly count: TokenCounter, private readonly maxEntries = 5000) {}

  /** Tokens of one text, remembered (for carried messages; the draft goes through `count` directly). */
  cached(text: string): number {
    let n = this.byContent.get(text);
    if (n === undefined) {
      n = text.length === 0 ? 0 : this.count(text);
      if (this.byContent.size >= this.maxEntries) this.byContent.clear();
      this.byContent.set(text, n);
    }
    return n;
  }

  /** The carried part of the prompt: the reply primer plus every carried message with its framing. */
  carriedTokens(carried: readonly PromptMessage[]): number {
    let n = REPLY_PRIMER_TOKENS;
    for (const m of carried) n += MESSAGE_OVERHEAD_TOKENS + this.cached(m.content);
    return n;
  }

  /** The draft's share: its framing plus its text, counted fresh. */
  draftTokens(draft: string): number {
    return MESSAGE_OVERHEAD_TOKENS + (draft.length === 0 ? 0 : this.count(draft));
  }
}
