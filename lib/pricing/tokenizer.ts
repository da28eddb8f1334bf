/**
 * The o200k tokenizer the gateway counts prompts with, loaded on demand: its rank table is about 2 MB, so it is
 * never part of the first load. `loadTokenCounter()` is called on the first keystroke or when the model picker
 * opens; until it resolves the picker shows per-million prices.
 */
import type { TokenCounter } from "./prompt-tokens";

/** Special-token strings in user text are plain text, never control tokens (and never an exception). */
export const TEXT_ONLY = { disallowedSpecial: new Set<string>() };

let loading: Promise<TokenCounter> | undefined;

export function loadTokenCounter(): Promise<TokenCounter> {
  loading ??= import("gpt-tokenizer/encoding/o200k_base").then(
    (m): TokenCounter => (text) => (text.length === 0 ? 0 : m.countTokens(text, TEXT_ONLY)),
    (e: unknown) => {
      loading = undefined; // a failed chunk load may succeed on the next try
      throw e;
    },
  );
  return loading;
}
