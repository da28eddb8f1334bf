"use client";
/** Export the payments shown (CSV, JSON) and import a JSON export (size-capped; bad rows named and skipped; duplicates skipped). */
import { useId, useRef, useState } from "react";
import type { StoredPayment } from "@/lib/db/types";
import { exportFileName, toCsv, toJsonText } from "@/lib/history/export";
import { Button } from "@/components/ui/button";

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** `exportReady` false while the page has not read every record yet (the export is of every payment shown). */
export function ExportImport({ payments, exportReady = true }: { payments: () => StoredPayment[]; exportReady?: boolean }) {
  const inputId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<{ text: string; error?: boolean }>();
  const [busy, setBusy] = useState(false);

  async function onFile(file: File | undefined) {
    if (!file) return;
    setBusy(true);
    setStatus({ text: `Importing ${file.name}…` });
    // The import code (its zod schemas) loads when a file is picked, not with the page.
    let mod: typeof import("@/lib/history/import") | undefined;
    try {
      mod = await import("@/lib/history/import");
      const { checkImportSize, importHistory, refusedText } = mod;
      // Before reading: a huge file is refused without loading it into memory.
      checkImportSize(file.size);
      const { added, skipped, refused } = await importHistory(await file.text());
      const done = `Imported ${added} payment${added === 1 ? "" : "s"} from ${file.name}${skipped ? ` (${skipped} already here, skipped)` : ""}.`;
      setStatus({ text: refused.length ? `${done} ${refusedText(refused)}` : done, error: refused.length > 0 });
    } catch (e) {
      setStatus({ text: mod && e instanceof mod.HistoryImportError ? e.message : `Not imported: ${(e as Error).message}`, error: true });
    } finally {
      setBusy(false);
      if (fileRef.current) fileRef.current.value = "";
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button variant="secondary" size="sm" disabled={!exportReady} onClick={() => download(exportFileName("csv"), "text/csv;charset=utf-8", toCsv(payments()))}>
        Export CSV
      </Button>
      <Button variant="secondary" size="sm" disabled={!exportReady} onClick={() => download(exportFileName("json"), "application/json", toJsonText(payments()))}>
        Export JSON
      </Button>
      <label htmlFor={inputId}
        className={`inline-flex h-11 sm:h-8 cursor-pointer items-center rounded-md border border-zinc-300 bg-white px-2.5 text-xs font-medium text-zinc-800 hover:bg-zinc-50 focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-teal-600 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800 ${busy ? "opacity-60" : ""}`}>
        Import JSON
        <input id={inputId} ref={fileRef} type="file" accept="application/json,.json" className="sr-only" disabled={busy}
          onChange={(e) => void onFile(e.target.files?.[0])} />
      </label>
      <span role="status" data-testid="import-status" className={`text-xs ${status?.error ? "text-red-700 dark:text-red-400" : "text-muted"}`}>
        {status?.text}
      </span>
    </div>
  );
}
