"use client";
/**
 * The model picker: every chat model of the catalog with what this message would cost on it (the estimate of
 * lib/pricing/estimate.ts: "about" where the gateway may count tokens differently), its context window and whether
 * the conversation fits; before the tokenizer has loaded, the price per 1M tokens. Sort by price, show only the
 * models that fit, search.
 * A button opens a search box that drives a listbox (the ARIA 1.2 combobox pattern with aria-activedescendant):
 * type to filter, arrows to move, Enter to choose, Escape to close, focus back on the button; Tab reaches the sort
 * and filter controls. Written by hand because neither Radix nor the platform has a searchable select; the keyboard
 * contract is covered by the keyboard e2e.
 */
import { useEffect, useId, useMemo, useRef, useState } from "react";
import type { ModelInfo } from "@/lib/blockrun/models";
import { formatPerMillion, formatUsdc } from "@/lib/money";
import { byPrice, type ModelEstimate } from "@/lib/pricing/estimate";
import type { PriceTable } from "@/hooks/use-price-table";
import { Button } from "@/components/ui/button";

/** A toggle button that is on. */
const PRESSED =
  "aria-pressed:border-teal-700 aria-pressed:bg-teal-50 aria-pressed:text-teal-900 dark:aria-pressed:border-teal-400 dark:aria-pressed:bg-teal-950 dark:aria-pressed:text-teal-100";

/** 128000 -> "128K", 1048576 -> "1M", 1050000 -> "1.05M". */
export function formatContext(tokens: number): string {
  if (tokens >= 1_000_000) return `${Number((tokens / 1_000_000).toFixed(2))}M`;
  if (tokens >= 1000) return `${Math.round(tokens / 1000)}K`;
  return String(tokens);
}

/** This message's price on one model, as the picker row says it. */
export function estimateLabel(m: ModelInfo, e: ModelEstimate | undefined): string | undefined {
  if (!e) return undefined;
  if (m.billingMode === "free") return "free";
  if (!e.fits) return "too long";
  if (e.amount === undefined) return "price quoted on send";
  return `${e.exact ? "" : "about "}${formatUsdc(e.amount)} USDC`;
}

export function priceLabel(m: ModelInfo): string {
  if (m.billingMode === "free") return "free";
  if (!m.priceKnown) return "price quoted on send";
  if (m.billingMode === "flat") return `${formatPerMillion(m.pricing.flat ?? 0)} per message`;
  return `${formatPerMillion(m.pricing.input)} in / ${formatPerMillion(m.pricing.output)} out per 1M tokens`;
}

export function ModelPicker({ models, value, onChange, loading, error, prices, onOpen, pricesError }: {
  models: ModelInfo[] | undefined;
  value: string;
  onChange(id: string): void;
  loading?: boolean;
  error?: string;
  /** Per-model estimates for the message as typed; undefined until the tokenizer has loaded. */
  prices?: PriceTable;
  /** Called when the list opens (loads the tokenizer). */
  onOpen?(): void;
  pricesError?: string;
}) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const [sortByPrice, setSortByPrice] = useState(false);
  const [fitsOnly, setFitsOnly] = useState(false);
  const ids = useId();
  const listId = `${ids}-list`;
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const current = models?.find((m) => m.id === value);
  const filtered = useMemo(() => {
    const q = query.trim().toLowerCase();
    const rows = (models ?? [])
      .filter((m) => !q || `${m.id} ${m.name} ${m.ownedBy}`.toLowerCase().includes(q))
      .filter((m) => !fitsOnly || prices?.byId.get(m.id)?.fits !== false)
      .map((m) => ({ m, amount: m.billingMode === "free" ? 0n : prices?.byId.get(m.id)?.amount }));
    return (sortByPrice && prices ? byPrice(rows) : rows).map((r) => r.m);
  }, [models, query, fitsOnly, sortByPrice, prices]);
  const activeIndex = Math.min(active, Math.max(filtered.length - 1, 0));

  function openList() {
    setQuery("");
    setActive(Math.max(0, filteredIndexOf(value)));
    setOpen(true);
    onOpen?.();
  }
  function filteredIndexOf(id: string) {
    return filtered.findIndex((m) => m.id === id);
  }
  function close(refocus: boolean) {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  }
  function choose(id: string) {
    onChange(id);
    close(true);
  }

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => !rootRef.current?.contains(e.target as Node) && setOpen(false);
    document.addEventListener("pointerdown", onDown);
    return () => document.removeEventListener("pointerdown", onDown);
  }, [open]);
  useEffect(() => {
    if (open) listRef.current?.querySelector(`[data-index="${activeIndex}"]`)?.scrollIntoView({ block: "nearest" });
  }, [open, activeIndex]);

  return (
    <div className="relative min-w-0" ref={rootRef}>
      <Button
        ref={buttonRef}
        variant="secondary"
        role="combobox"
        aria-label="Model"
        aria-expanded={open}
        aria-controls={listId}
        aria-haspopup="listbox"
        onClick={() => (open ? close(false) : openList())}
        className="max-w-full font-normal sm:h-9 sm:max-w-[22rem] sm:text-sm"
      >
        <span className="truncate font-medium">{current?.name ?? (loading ? "Loading models…" : value || "Choose a model")}</span>
        {current && <span className="hidden truncate text-xs text-muted sm:inline">{estimateLabel(current, prices?.byId.get(current.id)) ?? priceLabel(current)}</span>}
        <span aria-hidden>▾</span>
      </Button>
      {error && <p className="mt-1 text-xs text-red-700 dark:text-red-400" role="alert">{error}</p>}
      {open && (
        // Fixed to the screen's edges on phones (static position keeps it under the button), anchored on desktop.
        <div
          className="fixed inset-x-2 z-40 mt-1 rounded-xl border border-zinc-200 bg-white p-2 shadow-lg sm:absolute sm:inset-x-auto sm:left-0 sm:w-[30rem] dark:border-zinc-700 dark:bg-zinc-900"
          onKeyDown={(e) => {
            // Escape closes from the sort and filter controls too (the search box handles its own).
            if (e.key === "Escape" && !e.defaultPrevented) {
              e.preventDefault();
              close(true);
            }
          }}
          onBlur={(e) => {
            // Tab moves between the search box and the sort/filter controls; tabbing out closes the list. (A click on
            // an option blurs with no relatedTarget: that is left to the click and the outside-pointer handler.)
            const to = e.relatedTarget as Node | null;
            if (to && !rootRef.current?.contains(to)) setOpen(false);
          }}
        >
          <input
            autoFocus
            role="combobox"
            aria-label="Search models"
            aria-expanded
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={filtered[activeIndex] ? `${ids}-opt-${activeIndex}` : undefined}
            placeholder="Search models"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(0);
            }}
            onKeyDown={(e) => {
              if (e.key === "ArrowDown" || e.key === "ArrowUp") {
                e.preventDefault();
                const step = e.key === "ArrowDown" ? 1 : -1;
                setActive((activeIndex + step + filtered.length) % Math.max(filtered.length, 1));
              } else if (e.key === "Home" || e.key === "End") {
                e.preventDefault();
                setActive(e.key === "Home" ? 0 : filtered.length - 1);
              } else if (e.key === "Enter") {
                e.preventDefault();
                if (filtered[activeIndex]) choose(filtered[activeIndex].id);
              } else if (e.key === "Escape") {
                e.preventDefault();
                close(true);
              }
            }}
            className="mb-2 h-11 w-full rounded-lg border border-zinc-300 bg-transparent px-2 text-sm sm:h-9 dark:border-zinc-700"
          />
          <div className="mb-1 flex flex-wrap items-center gap-2 px-1">
            <Button
              variant="secondary"
              size="sm"
              aria-pressed={sortByPrice}
              className={PRESSED}
              disabled={!prices}
              onClick={() => {
                setSortByPrice((v) => !v);
                setActive(0);
              }}
            >
              {sortByPrice && <span aria-hidden>✓</span>}
              Sort by price
            </Button>
            <Button
              variant="secondary"
              size="sm"
              aria-pressed={fitsOnly}
              disabled={!prices}
              onClick={() => {
                setFitsOnly((v) => !v);
                setActive(0);
              }}
              className={PRESSED}
            >
              {fitsOnly && <span aria-hidden>✓</span>}
              Only models that fit
            </Button>
          </div>
          <p className="mb-1 px-1 text-xs text-muted" data-testid="picker-price-basis">
            {prices
              ? `Price of this message: ${prices.promptTokens.toLocaleString("en-US")} prompt tokens with what the chat carries, plus up to ${prices.maxTokens.toLocaleString("en-US")} reply tokens.`
              : pricesError ?? "Prices per 1M tokens; the price of this message follows in a moment."}
          </p>
          <ul ref={listRef} role="listbox" id={listId} aria-label="Models" className="max-h-[min(20rem,55dvh)] overflow-y-auto">
            {filtered.map((m, i) => (
              <li
                key={m.id}
                id={`${ids}-opt-${i}`}
                data-index={i}
                role="option"
                aria-selected={m.id === value}
                onClick={() => choose(m.id)}
                onPointerMove={() => i !== activeIndex && setActive(i)}
                className={`flex min-h-11 cursor-pointer flex-wrap items-baseline justify-between gap-x-3 rounded-lg px-2 py-1.5 text-sm sm:min-h-0 ${
                  i === activeIndex ? "bg-zinc-100 ring-1 ring-teal-700 dark:bg-zinc-800 dark:ring-teal-400" : ""
                }`}
              >
                <span className="min-w-0">
                  {m.id === value && <span aria-hidden className="mr-1 text-teal-700 dark:text-teal-400">✓</span>}
                  <span className="font-medium">{m.name}</span>
                  {m.id === value && <span className="sr-only"> (current)</span>}{" "}
                  <span className="text-xs break-all text-muted">{m.id}</span>
                </span>
                <PriceCell m={m} e={prices?.byId.get(m.id)} />
              </li>
            ))}
          </ul>
          {filtered.length === 0 && <p className="px-2 py-1.5 text-sm text-muted">No model matches “{query}”.</p>}
        </div>
      )}
    </div>
  );
}

function PriceCell({ m, e }: { m: ModelInfo; e: ModelEstimate | undefined }) {
  const free = m.billingMode === "free" ? <span className="rounded bg-emerald-100 px-1.5 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100">free</span> : null;
  if (!e) return <span className="shrink-0 text-xs text-muted">{free ?? priceLabel(m)}</span>;
  const label = estimateLabel(m, e);
  return (
    <span className="flex w-full flex-wrap items-baseline justify-between gap-x-2 text-xs text-muted">
      <span>
        {m.billingMode === "paid" && m.priceKnown ? `${priceLabel(m)} · ` : ""}
        {e.contextWindow > 0 ? `${formatContext(e.contextWindow)} context` : "context unknown"}
        {!e.fits && <span className="text-red-700 dark:text-red-400"> · this chat does not fit</span>}
      </span>
      <span className="ml-auto shrink-0 font-mono text-zinc-900 dark:text-zinc-100" data-testid="model-estimate" data-amount={e.amount?.toString()}>
        {free ?? label}
      </span>
    </span>
  );
}
