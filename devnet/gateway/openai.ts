/** OpenAI chat.completion bodies and SSE framing (`data: {chat.completion.chunk}`, usage chunk, `data: [DONE]`). */
import { randomBytes } from "node:crypto";

export interface UsageInput {
  promptTokens: number;
  completionTokens: number;
  /** Reasoning models: reported (may be 0). Others: undefined, not reported. */
  reasoningTokens?: number;
  /** Prompt caching (Anthropic + prompt_cache): tokens read from or written to the cache this turn. */
  cacheRead?: number;
  cacheWrite?: number;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number; cached_creation_tokens?: number };
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
  completion_tokens_details?: { reasoning_tokens: number };
}

export function buildUsage(u: UsageInput): Usage {
  const usage: Usage = {
    prompt_tokens: u.promptTokens,
    completion_tokens: u.completionTokens,
    total_tokens: u.promptTokens + u.completionTokens,
  };
  if (u.cacheRead !== undefined) {
    usage.prompt_tokens_details = { cached_tokens: u.cacheRead };
    usage.cache_read_input_tokens = u.cacheRead;
  } else if (u.cacheWrite !== undefined) {
    usage.prompt_tokens_details = { cached_creation_tokens: u.cacheWrite };
    usage.cache_creation_input_tokens = u.cacheWrite;
  }
  if (u.reasoningTokens !== undefined) usage.completion_tokens_details = { reasoning_tokens: u.reasoningTokens };
  return usage;
}

export function completionId(): string {
  return `chatcmpl-${randomBytes(12).toString("base64url")}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export interface CompletionMeta {
  id: string;
  created: number;
  model: string;
}

export function chatCompletion(
  meta: CompletionMeta,
  content: string,
  finishReason: "stop" | "length",
  usage: Usage,
) {
  return {
    id: meta.id,
    object: "chat.completion" as const,
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message: { role: "assistant" as const, content }, finish_reason: finishReason }],
    usage,
  };
}

export function sseFrame(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

export const SSE_DONE = "data: [DONE]\n\n";

export function chunk(
  meta: CompletionMeta,
  delta: { role?: "assistant"; content?: string },
  finishReason: "stop" | "length" | null,
) {
  return {
    id: meta.id,
    object: "chat.completion.chunk" as const,
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
}

export function usageChunk(meta: CompletionMeta, usage: Usage) {
  return {
    id: meta.id,
    object: "chat.completion.chunk" as const,
    created: meta.created,
    model: meta.model,
    choices: [] as never[],
    usage,
  };
}

/**
 * The whole SSE body, frame by frame: a role chunk, one content chunk per piece, a finish chunk, the usage chunk
 * (empty choices), then `[DONE]`. `tokens[i]` is the token count of piece i, used for pacing by the caller.
 */
export function sseFrames(
  meta: CompletionMeta,
  pieces: readonly string[],
  finishReason: "stop" | "length",
  usage: Usage,
): string[] {
  const frames = [sseFrame(chunk(meta, { role: "assistant", content: "" }, null))];
  for (const p of pieces) frames.push(sseFrame(chunk(meta, { content: p }, null)));
  frames.push(sseFrame(chunk(meta, {}, finishReason)));
  frames.push(sseFrame(usageChunk(meta, usage)));
  frames.push(SSE_DONE);
  return frames;
}

/** Parses an SSE body back into its `data:` payloads (for tests and clients). */
export function parseSse(body: string): { events: unknown[]; done: boolean } {
  const events: unknown[] = [];
  let done = false;
  for (const block of body.split("\n\n")) {
    const line = block.trim();
    if (!line.startsWith("data:")) continue;
    const data = line.slice(5).trim();
    if (data === "[DONE]") done = true;
    else events.push(JSON.parse(data));
  }
  return { events, done };
}
