"use client";
import { isValidElement, useRef, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";

/** A fenced code block with its language and a copy button. */
export function CodeBlock({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLPreElement>(null);
  const [copied, setCopied] = useState(false);
  const className = isValidElement<{ className?: string }>(children) ? children.props.className ?? "" : "";
  const lang = /language-([\w-]+)/.exec(className)?.[1];
  async function copy() {
    const text = ref.current?.innerText ?? "";
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  }
  return (
    <div className="group relative my-3 overflow-hidden rounded-lg border border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex items-center justify-between border-b border-zinc-200 pl-3 pr-1 text-xs text-muted dark:border-zinc-800">
        <span>{lang ?? "code"}</span>
        <Button variant="quiet" size="sm" onClick={copy} aria-label="Copy code">
          {copied ? "Copied" : "Copy"}
        </Button>
        <span role="status" className="sr-only">{copied ? "Code copied" : ""}</span>
      </div>
      {/* A long line scrolls inside the block (reachable by keyboard), never the page. */}
      <pre ref={ref} tabIndex={0} aria-label={`${lang ?? "Code"} block`} className="overflow-x-auto p-3 text-[13px] leading-relaxed">{children}</pre>
    </div>
  );
}
