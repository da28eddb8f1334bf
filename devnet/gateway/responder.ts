/**
 * The devnet's "model": a deterministic answer to the last user message. No network, no weights.
 *
 * A plain question gets a short paragraph that quotes the user's text verbatim (not escaped: the app must render
 * it inert itself) followed by filler sentences picked by a hash of the text. A request for code, a function, a
 * table or Markdown gets real Markdown: a heading, a bulleted list, a GFM table and a fenced ```ts block.
 * Tokens are counted with the o200k tokenizer; the answer is cut at max_tokens (finish_reason "length").
 */
import type { CatalogEntry } from "./catalog";
import { detokenize, tokenCount, tokenize, type ChatMessage } from "./pricing";

export interface ResponderInput {
  entry: CatalogEntry;
  messages: readonly ChatMessage[];
  maxTokens: number;
  promptTokens: number;
}

export interface Reply {
  content: string;
  /** Includes reasoning tokens. */
  completionTokens: number;
  /** Reasoning models only, else 0. Included in completionTokens. */
  reasoningTokens: number;
  finishReason: "stop" | "length";
}

/** FNV-1a, 32 bit: a stable hash for picking sentences. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function lastUserText(messages: readonly ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].role === "user") return messages[i].content;
  return messages.length ? messages[messages.length - 1].content : "";
}

const STRUCTURED = /\b(code|function|functions|table|tables|markdown)\b/i;

export function wantsStructured(text: string): boolean {
  return STRUCTURED.test(text);
}

const FILLER = [
  "The reply is deterministic: the same question always gets the same words, which keeps tests repeatable.",
  "Every paid message is settled on the local chain in test USDC, so the balance moves by exactly the quoted amount.",
  "Ask for code, a function or a table and the answer comes back as Markdown with a list, a table and a code block.",
  "Nothing here reached a real model provider: there are no network calls and no weights involved.",
  "Longer questions cost a little more, because the quote counts the prompt's tokens before the answer is written.",
  "A lower max_tokens makes the answer shorter and the payment cheaper, since output is priced up front.",
  "Streamed replies arrive a word at a time, at the rate the devnet is configured for.",
  "The gateway speaks the same HTTP as BlockRun, so the app cannot tell it from the real service.",
];

function usd(n: number): string {
  return `$${n}`;
}

function plainAnswer(entry: CatalogEntry, text: string, h: number): string {
  const picks: string[] = [];
  for (let i = 0; i < 3; i++) picks.push(FILLER[(h + i * 3) % FILLER.length]);
  return (
    `You said: "${text}"\n\n` +
    `This answer comes from the devnet gateway standing in for ${entry.model.name}, so the app can be tested without a real model. ` +
    picks.join(" ")
  );
}

function structuredAnswer(entry: CatalogEntry, text: string, promptTokens: number): string {
  const m = entry.model;
  const r = entry.rates;
  const fence = "```";
  return [
    `## Answer from ${m.name}`,
    "",
    `You said: "${text}"`,
    "",
    "Here is a worked example in Markdown:",
    "",
    "- **Step 1:** read the request and count its prompt tokens.",
    "- **Step 2:** quote a price from the model's rates, plus the $0.001 fee.",
    "- **Step 3:** answer once the payment verifies, then settle it on chain.",
    "",
    "| Item | Value |",
    "| --- | --- |",
    `| Model | \`${m.id}\` |`,
    `| Input price | ${usd(m.pricing.input)} per 1M tokens |`,
    `| Output price | ${usd(m.pricing.output)} per 1M tokens |`,
    `| Prompt tokens | ${promptTokens} |`,
    "",
    `${fence}ts`,
    "/** Cost of a request in USDC atomic units (6 decimals), rounded up. */",
    "export function quote(promptTokens: number, maxTokens: number): bigint {",
    `  const input = (BigInt(promptTokens) * ${r.input}n + 999_999n) / 1_000_000n;`,
    `  const output = (BigInt(maxTokens) * ${r.output}n + 999_999n) / 1_000_000n;`,
    "  return input + output + 1_000n;",
    "}",
    fence,
    "",
    "That is the whole answer: a heading, a list, a table and a fenced code block.",
  ].join("\n");
}

/** The full, untruncated answer text. */
export function composeAnswer(entry: CatalogEntry, messages: readonly ChatMessage[], promptTokens: number): string {
  const text = lastUserText(messages);
  return wantsStructured(text) ? structuredAnswer(entry, text, promptTokens) : plainAnswer(entry, text, fnv1a(text));
}

/** Deterministic reasoning tokens for reasoning models: at most a quarter of max_tokens. */
export function reasoningTokensFor(entry: CatalogEntry, text: string, maxTokens: number): number {
  if (!entry.reasoning) return 0;
  return Math.min(16 + (fnv1a(text) % 48), Math.floor(maxTokens / 4));
}

/** Cuts text to at most `budget` tokens, never ending in half a character. */
export function truncateToTokens(text: string, budget: number): { text: string; truncated: boolean } {
  const tokens = tokenize(text);
  if (tokens.length <= budget) return { text, truncated: false };
  let n = budget;
  let out = "";
  while (n > 0) {
    // The longest prefix of the original text the first n tokens decode to (a token may end mid-character).
    const decoded = detokenize(tokens.slice(0, n));
    let i = 0;
    while (i < decoded.length && i < text.length && decoded.charCodeAt(i) === text.charCodeAt(i)) i++;
    if (i > 0 && i < text.length) {
      const c = text.charCodeAt(i - 1);
      if (c >= 0xd800 && c <= 0xdbff) i--; // never end on half a surrogate pair
    }
    out = text.slice(0, i);
    if (tokenCount(out) <= budget) break;
    n--;
  }
  return { text: n > 0 ? out : "", truncated: true };
}

export function respond(input: ResponderInput): Reply {
  const { entry, messages, maxTokens, promptTokens } = input;
  const full = composeAnswer(entry, messages, promptTokens);
  const reasoningTokens = reasoningTokensFor(entry, lastUserText(messages), maxTokens);
  const { text, truncated } = truncateToTokens(full, maxTokens - reasoningTokens);
  return {
    content: text,
    completionTokens: tokenCount(text) + reasoningTokens,
    reasoningTokens,
    finishReason: truncated ? "length" : "stop",
  };
}

/** Streaming pieces: one word (with its trailing whitespace) each; they join back to the content exactly. */
export function splitForStreaming(content: string): string[] {
  return content.match(/\S+\s*|\s+/g) ?? [];
}
