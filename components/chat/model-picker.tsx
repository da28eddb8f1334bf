"use client";
/** The model picker: every chat model of the catalog with its price per 1M tokens; free and flat ones marked; search. */
import { useEffect, useId, useMemo, useRef, useState } from "react";
import type { ModelInfo } from "@/lib/blockrun/models";
import { formatPerMillion } from "@/lib/money";

export function priceLabel(m: ModelInfo): string {
  if (m.billingMode === "free") return "free";
  if (!m.priceKnown) return "price quoted on send";
  if (m.billingMode === "flat") return `${formatPerMillion(m.pricing.flat ?? 0)} per message`;
  return `${formatPerMillion(m.pricing.input)} in / ${formatPerMillion(m.pricing.output)} out per 1M tokens`;
}

export function ModelPicker({ models, value, onChange, loading, error }: {
  models: ModelInfo[] | undefined;
  value: string;
  onChange(id: string): void;
  loading?: boolean;
  error?: string;
}) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const listId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const current = models?.find((m) => m.id === value);
  const filtered = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (models ?? []).filter((m) => !q || `${m.id} ${m.name} ${m.ownedBy}`.toLowerCase().includes(q));
  }, [models, query]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => !rootRef.current?.contains(e.target as Node) && setOpen(false);
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);

  return (
    <div className="relative" ref={rootRef}>
      <button
        type="button"
        role="combobox"
        aria-label="Model"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((o) => !o)}
        className="flex max-w-[22rem] items-center gap-2 rounded-lg border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        <span className="truncate font-medium">{current?.name ?? (loading ? "Loading models…" : value || "Choose a model")}</span>
        {current && <span className="truncate text-xs text-zinc-500">{priceLabel(current)}</span>}
        <span aria-hidden>▾</span>
      </button>
      {error && <p className="mt-1 text-xs text-red-600" role="alert">{error}</p>}
      {open && (
        <div className="absolute z-40 mt-1 w-[28rem] max-w-[90vw] rounded-xl border border-zinc-200 bg-white p-2 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
          <input
            autoFocus
            aria-label="Search models"
            placeholder="Search models"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") setOpen(false);
              if (e.key === "Enter" && filtered[0]) {
                onChange(filtered[0].id);
                setOpen(false);
              }
            }}
            className="mb-2 w-full rounded-lg border border-zinc-300 bg-transparent px-2 py-1 text-sm dark:border-zinc-700"
          />
          <ul role="listbox" id={listId} aria-label="Models" className="max-h-80 overflow-y-auto">
            {filtered.map((m) => (
              <li
                key={m.id}
                role="option"
                aria-selected={m.id === value}
                tabIndex={-1}
                onClick={() => {
                  onChange(m.id);
                  setOpen(false);
                }}
                onKeyDown={(e) => e.key === "Enter" && (onChange(m.id), setOpen(false))}
                className="flex cursor-pointer items-baseline justify-between gap-3 rounded-lg px-2 py-1.5 text-sm hover:bg-zinc-100 aria-selected:bg-zinc-100 dark:hover:bg-zinc-800 dark:aria-selected:bg-zinc-800"
              >
                <span>
                  <span className="font-medium">{m.name}</span> <span className="text-xs text-zinc-500">{m.id}</span>
                </span>
                <span className="shrink-0 text-xs text-zinc-500">
                  {m.billingMode === "free" ? <span className="rounded bg-emerald-100 px-1.5 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-200">free</span> : priceLabel(m)}
                </span>
              </li>
            ))}
            {filtered.length === 0 && <li className="px-2 py-1.5 text-sm text-zinc-500">No model matches “{query}”.</li>}
          </ul>
        </div>
      )}
    </div>
  );
}
