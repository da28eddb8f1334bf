/**
 * Request validation for `POST /v1/chat/completions`: BlockRun's body parameters, unknown fields ignored.
 *
 * `max_tokens` is any integer >= 1 with no upper bound, as BlockRun's route schema has it
 * (`z.number().int().min(1).optional()`, quoted in @blockrun/llm's CHANGELOG 3.8.3): the gateway clamps it to the
 * model's output limit and the context headroom (server.ts) and prices the clamped value. Default 1024 (the seed
 * page, /work/shared/reference/blockrun-chat-completions.txt).
 */
import { z } from "zod";
import { CATALOG, findModel, type CatalogEntry } from "./catalog";
import type { ChatMessage } from "./pricing";
import { envelope, unknownModel } from "./blockrun-errors";

export const DEFAULT_MAX_TOKENS = 1024;

const messageSchema = z.object({
  role: z.enum(["system", "user", "assistant"]),
  content: z.string(),
});

/** `null` counts as absent for the optional fields (OpenAI clients send it). */
const opt = <T extends z.ZodTypeAny>(t: T) => t.nullish().transform((v) => (v === null ? undefined : v));

export const chatRequestSchema = z.object({
  model: z.string().min(1, "model is required"),
  messages: z.array(messageSchema).min(1, "messages must not be empty"),
  max_tokens: opt(z.number().int("max_tokens must be an integer").min(1, "max_tokens must be at least 1")),
  temperature: opt(z.number().min(0).max(2)),
  top_p: opt(z.number().min(0).max(1)),
  stream: opt(z.boolean()),
  prompt_cache: opt(z.boolean()),
  stream_options: opt(z.object({ include_usage: opt(z.boolean()) }).passthrough()),
});

export interface ChatRequest {
  entry: CatalogEntry;
  model: string;
  messages: ChatMessage[];
  /** What the body asked for (or the default), before clamping. */
  maxTokens: number;
  /** Whether the body set max_tokens at all. */
  maxTokensGiven: boolean;
  temperature?: number;
  topP?: number;
  stream: boolean;
  /** `stream_options.include_usage`: a stream carries its usage frame only when asked (OpenAI's contract). */
  includeUsage: boolean;
  promptCache: boolean;
  /** temperature / top_p were sent and dropped (Claude Opus 4.7 / 4.8). */
  strippedSampling: boolean;
}

export interface ValidationIssue {
  path: (string | number)[];
  message: string;
  code?: string;
}

export type ValidationResult =
  | { ok: true; request: ChatRequest }
  | { ok: false; status: 400; body: Record<string, unknown> };

export function invalidBody(details: ValidationIssue[], code = "INVALID_REQUEST_BODY"): { ok: false; status: 400; body: Record<string, unknown> } {
  return { ok: false, status: 400, body: envelope(code, code === "INVALID_JSON" ? "Invalid JSON body" : "Invalid request body", "invalid_request_error", { details }) };
}

/** Validates a parsed JSON body. Token-dependent checks (context window) are left to the caller. */
export function validateChatRequest(json: unknown): ValidationResult {
  const parsed = chatRequestSchema.safeParse(json);
  if (!parsed.success) {
    return invalidBody(parsed.error.issues.map((i) => ({ path: i.path, message: i.message, code: i.code })));
  }
  const b = parsed.data;
  const entry = findModel(b.model);
  if (!entry || !entry.model.available) {
    return { ok: false, status: 400, body: unknownModel(b.model, CATALOG.filter((e) => e.model.available).map((e) => e.model.id)) };
  }
  const maxTokens = b.max_tokens ?? Math.min(DEFAULT_MAX_TOKENS, entry.model.max_output);
  const strip = entry.stripsSampling;
  return {
    ok: true,
    request: {
      entry,
      model: entry.model.id,
      messages: b.messages,
      maxTokens,
      maxTokensGiven: b.max_tokens !== undefined,
      temperature: strip ? undefined : b.temperature,
      topP: strip ? undefined : b.top_p,
      stream: b.stream ?? false,
      includeUsage: b.stream_options?.include_usage === true,
      promptCache: b.prompt_cache ?? false,
      strippedSampling: strip && (b.temperature !== undefined || b.top_p !== undefined),
    },
  };
}
