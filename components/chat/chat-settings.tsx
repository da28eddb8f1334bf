"use client";
/** Per-conversation settings. max_tokens is always sent: the gateway prices the whole allowance up front. */
import type { ChatSettings } from "@/lib/db/types";

export function ChatSettingsPanel({ settings, onChange, ignoresSampling, maxOutput, turns }: {
  settings: ChatSettings;
  onChange(s: ChatSettings): void;
  ignoresSampling: boolean;
  maxOutput?: number;
  /** Turns this conversation has so far (for the "turns carried" setting). */
  turns?: number;
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
      <label className="block">
        <span className="text-muted">Earlier turns each message carries</span>
        <input
          type="number" min={0} step={1} placeholder="all" value={settings.carryTurns ?? ""}
          aria-describedby="carry-turns-note"
          onChange={(e) => {
            const rest = { ...settings };
            delete rest.carryTurns;
            const n = Math.floor(Number(e.target.value));
            onChange(e.target.value === "" || !Number.isFinite(n) || n < 0 ? rest : { ...rest, carryTurns: n });
          }}
          className="mt-1 w-full rounded-lg border border-zinc-300 bg-transparent h-11 px-2 sm:h-9 dark:border-zinc-700"
        />
      </label>
      <p id="carry-turns-note" className="text-xs text-muted">
        Each message sends the conversation before it, and pays for it. Empty carries all{turns ? ` ${turns}` : ""} turns; fewer turns cost less but the model forgets the older ones.
      </p>
      {samplingNote && <p className="text-xs text-amber-800 dark:text-amber-400">{samplingNote}</p>}
    </section>
  );
}

function clamp(v: number | undefined, lo: number, hi: number) {
  if (v === undefined || !Number.isFinite(v)) return undefined;
  return Math.min(hi, Math.max(lo, v));
}
