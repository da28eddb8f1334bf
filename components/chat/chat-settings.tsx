"use client";
/** Per-conversation settings. max_tokens is always sent: the gateway prices the whole allowance up front. */
import type { ChatSettings } from "@/lib/db/types";

export function ChatSettingsPanel({ settings, onChange, ignoresSampling, maxOutput }: {
  settings: ChatSettings;
  onChange(s: ChatSettings): void;
  ignoresSampling: boolean;
  maxOutput?: number;
}) {
  const num = (v: string) => (v === "" ? undefined : Number(v));
  const samplingNote = ignoresSampling ? "This model ignores temperature and top_p; set behaviour in the system prompt." : undefined;
  return (
    <section aria-label="Chat settings" className="space-y-3 rounded-xl border border-zinc-200 p-3 text-sm dark:border-zinc-800">
      <label className="block">
        <span className="text-muted">System prompt</span>
        <textarea
          value={settings.systemPrompt}
          onChange={(e) => onChange({ ...settings, systemPrompt: e.target.value })}
          rows={3}
          className="mt-1 w-full rounded-lg border border-zinc-300 bg-transparent p-2 dark:border-zinc-700"
        />
      </label>
      <div className="grid grid-cols-3 gap-3">
        <label className="block">
          <span className="text-muted">Max tokens</span>
          <input
            type="number" min={1} max={maxOutput} step={1} value={settings.maxTokens}
            onChange={(e) => {
              const n = Math.floor(Number(e.target.value));
              if (Number.isFinite(n) && n >= 1) onChange({ ...settings, maxTokens: maxOutput ? Math.min(n, maxOutput) : n });
            }}
            aria-describedby="max-tokens-note"
            className="mt-1 w-full rounded-lg border border-zinc-300 bg-transparent h-11 px-2 sm:h-9 dark:border-zinc-700"
          />
        </label>
        <label className="block">
          <span className="text-muted">Temperature</span>
          <input
            type="number" min={0} max={2} step={0.1} placeholder="default" value={settings.temperature ?? ""}
            disabled={ignoresSampling} title={samplingNote}
            onChange={(e) => onChange({ ...settings, temperature: clamp(num(e.target.value), 0, 2) })}
            className="mt-1 w-full rounded-lg border border-zinc-300 bg-transparent h-11 px-2 disabled:opacity-50 sm:h-9 dark:border-zinc-700"
          />
        </label>
        <label className="block">
          <span className="text-muted">Top p</span>
          <input
            type="number" min={0} max={1} step={0.05} placeholder="default" value={settings.topP ?? ""}
            disabled={ignoresSampling} title={samplingNote}
            onChange={(e) => onChange({ ...settings, topP: clamp(num(e.target.value), 0, 1) })}
            className="mt-1 w-full rounded-lg border border-zinc-300 bg-transparent h-11 px-2 disabled:opacity-50 sm:h-9 dark:border-zinc-700"
          />
        </label>
      </div>
      <p id="max-tokens-note" className="text-xs text-muted">
        The price covers the whole max tokens allowance; unused tokens are not refunded, so a smaller allowance costs less.
      </p>
      {samplingNote && <p className="text-xs text-amber-800 dark:text-amber-400">{samplingNote}</p>}
    </section>
  );
}

function clamp(v: number | undefined, lo: number, hi: number) {
  if (v === undefined || !Number.isFinite(v)) return undefined;
  return Math.min(hi, Math.max(lo, v));
}
