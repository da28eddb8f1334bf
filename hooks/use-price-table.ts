"use client";
/**
 * The picker's price table for the message as typed. The tokenizer loads on demand (`load()`: the first
 * keystroke or the picker opening); the carried messages are counted once per change of the conversation, the
 * draft on each keystroke, then one bigint sum per model. Until the tokenizer is there, `table` is undefined and
 * the picker shows per-million prices.
 */
import { useCallback, useMemo, useState } from "react";
import type { ModelInfo } from "@/lib/blockrun/models";
import type { NetworkId } from "@/lib/networks";
import { estimateTable, contextShare, DEFAULT_MAX_TOKENS, type ModelEstimate, type ContextShare } from "@/lib/pricing/estimate";
import { PromptCounter, type PromptMessage } from "@/lib/pricing/prompt-tokens";
import { loadTokenCounter } from "@/lib/pricing/tokenizer";

export interface PriceTable {
  byId: Map<string, ModelEstimate>;
  promptTokens: number;
  /** The reply allowance asked for (each model may clamp it). */
  maxTokens: number;
}

export function usePriceTable(opts: {
  models: readonly ModelInfo[] | undefined;
  networkId: NetworkId | undefined;
  /** Everything the request carries before the draft (system prompt and history). */
  carried: readonly PromptMessage[];
  /** The system prompt alone, for the share the history makes up. */
  systemPrompt: string;
  draft: string;
  maxTokens: number | undefined;
  selectedId: string | undefined;
}) {
  const [counter, setCounter] = useState<PromptCounter>();
  const [loadError, setLoadError] = useState<string>();
  const load = useCallback(() => {
    if (counter) return;
    loadTokenCounter().then(
      (count) => setCounter((c) => c ?? new PromptCounter(count)),
      () => setLoadError("Per-message prices could not be loaded; per-million prices are shown."),
    );
  }, [counter]);

  const carriedTokens = useMemo(() => counter?.carriedTokens(opts.carried), [counter, opts.carried]);
  const baseTokens = useMemo(
    () => counter?.carriedTokens(opts.systemPrompt.trim() ? [{ role: "system", content: opts.systemPrompt.trim() }] : []),
    [counter, opts.systemPrompt],
  );
  const draftTokens = useMemo(() => counter?.draftTokens(opts.draft), [counter, opts.draft]);

  const table = useMemo((): PriceTable | undefined => {
    if (!opts.models || carriedTokens === undefined || draftTokens === undefined) return undefined;
    const promptTokens = carriedTokens + draftTokens;
    const rows = estimateTable(opts.models, promptTokens, opts.maxTokens, opts.networkId);
    return { byId: new Map(rows.map((r) => [r.id, r])), promptTokens, maxTokens: opts.maxTokens ?? DEFAULT_MAX_TOKENS };
  }, [opts.models, carriedTokens, draftTokens, opts.maxTokens, opts.networkId]);

  const share = useMemo((): ContextShare | undefined => {
    const model = opts.models?.find((m) => m.id === opts.selectedId);
    if (!model || carriedTokens === undefined || draftTokens === undefined || baseTokens === undefined) return undefined;
    return contextShare(model, carriedTokens, draftTokens, baseTokens, opts.maxTokens);
  }, [opts.models, opts.selectedId, carriedTokens, draftTokens, baseTokens, opts.maxTokens]);

  return { table, share, load, loadError };
}
