/**
 * Builds the exact body sent to the gateway. The quote (an unpaid request) and the paid retry must carry the
 * same bytes, or the gateway's price differs and the paid retry is refused: so the body is built once, here,
 * and compared as a string.
 */
import type { ChatRequest } from "../blockrun/completions";
import type { ChatSettings, StoredMessage } from "../db/types";

export interface ModelTraits {
  ignoresSampling?: boolean;
}

type HistoryMessage = Pick<StoredMessage, "role" | "content" | "status">;
type Carried = ChatRequest["messages"];

/**
 * The earlier messages a request carries, trimmed to the last `keepTurns` turns when set (a turn is a user
 * message and the replies after it). A pure function over the list the request would carry, so whatever decides
 * that list (a flat history today, a branch of a tree later) only has to hand it over.
 */
export function carriedMessages(history: readonly HistoryMessage[], keepTurns?: number): Carried {
  const out: Carried = [];
  for (const m of history) {
    // A failed or empty reply is not part of the conversation the model sees.
    if (m.role === "assistant" && (m.status === "error" || !m.content)) continue;
    out.push({ role: m.role, content: m.content });
  }
  if (keepTurns === undefined) return out;
  if (keepTurns <= 0) return [];
  let seen = 0;
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i].role === "user" && ++seen === keepTurns) return out.slice(i);
  }
  return out;
}

/** How many turns the history has (user messages the request could carry). */
export function countTurns(history: readonly HistoryMessage[]): number {
  return history.filter((m) => m.role === "user").length;
}

/** Everything before the new user message: the system prompt, then the carried history. */
export function carriedContext(settings: Pick<ChatSettings, "systemPrompt" | "carryTurns">, history: readonly HistoryMessage[]): Carried {
  const system = settings.systemPrompt.trim();
  const rest = carriedMessages(history, settings.carryTurns);
  return system ? [{ role: "system", content: system }, ...rest] : rest;
}

export function buildChatRequest(opts: {
  model: string;
  settings: ChatSettings;
  history: readonly HistoryMessage[];
  userText: string;
  traits?: ModelTraits;
}): ChatRequest {
  const messages: ChatRequest["messages"] = [...carriedContext(opts.settings, opts.history), { role: "user", content: opts.userText }];
  // A standard OpenAI-compatible server sends the usage frame of a stream only when asked (stream_options).
  const body: ChatRequest = {
    model: opts.model,
    messages,
    max_tokens: opts.settings.maxTokens,
    stream: true,
    stream_options: { include_usage: true },
  };
  if (!opts.traits?.ignoresSampling) {
    if (opts.settings.temperature !== undefined) body.temperature = opts.settings.temperature;
    if (opts.settings.topP !== undefined) body.top_p = opts.settings.topP;
  }
  return body;
}

export function serializeRequest(body: ChatRequest): string {
  return JSON.stringify(body);
}
