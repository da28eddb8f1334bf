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

export function buildChatRequest(opts: {
  model: string;
  settings: ChatSettings;
  history: readonly Pick<StoredMessage, "role" | "content" | "status">[];
  userText: string;
  traits?: ModelTraits;
}): ChatRequest {
  const messages: ChatRequest["messages"] = [];
  const system = opts.settings.systemPrompt.trim();
  if (system) messages.push({ role: "system", content: system });
  for (const m of opts.history) {
    // A failed or empty reply is not part of the conversation the model sees.
    if (m.role === "assistant" && (m.status === "error" || !m.content)) continue;
    messages.push({ role: m.role, content: m.content });
  }
  messages.push({ role: "user", content: opts.userText });
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
