/** Request validation for `POST /v1/chat/completions`: BlockRun's body parameters, unknown fields ignored. */
import { z } from "zod";
import { findModel, type CatalogEntry } from "./catalog";
import type { ChatMessage } from "./pricing";

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
  max_tokens: opt(z.number().int("max_tokens must be an integer").positive("max_tokens must be positive")),
  temperature: opt(z.number().min(0).max(2)),
  top_p: opt(z.number().min(0).max(1)),
  stream: opt(z.boolean()),
  prompt_cache: opt(z.boolean()),
});

export interface ChatRequest {
  entry: CatalogEntry;
  model: string;
  messages: ChatMessage[];
  maxTokens: number;
  temperature?: number;
  topP?: number;
  stream: boolean;
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

export function invalidBody(details: ValidationIssue[]): { ok: false; status: 400; body: Record<string, unknown> } {
  return { ok: false, status: 400, body: { error: "Invalid request body", details } };
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
    return {
      ok: false,
      status: 400,
      body: {
        error: "Invalid model",
        message: `Model "${b.model}" is not available. GET /v1/models lists the models you can use.`,
        code: "model_not_found",
      },
    };
  }
  const maxOutput = entry.model.max_output;
  if (b.max_tokens !== undefined && b.max_tokens > maxOutput) {
    return invalidBody([
      { path: ["max_tokens"], message: `max_tokens must be at most ${maxOutput} for ${entry.model.id}`, code: "too_big" },
    ]);
  }
  const maxTokens = b.max_tokens ?? Math.min(DEFAULT_MAX_TOKENS, maxOutput);
  const strip = entry.stripsSampling;
  return {
    ok: true,
    request: {
      entry,
      model: entry.model.id,
      messages: b.messages,
      maxTokens,
      temperature: strip ? undefined : b.temperature,
      topP: strip ? undefined : b.top_p,
      stream: b.stream ?? false,
      promptCache: b.prompt_cache ?? false,
      strippedSampling: strip && (b.temperature !== undefined || b.top_p !== undefined),
    },
  };
}
