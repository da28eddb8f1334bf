"use client";
/**
 * Keyboard shortcuts of the chat, as the best chat apps have them: Ctrl/⌘+Shift+O starts a new chat; Shift+Escape,
 * or "/" when not typing somewhere, puts the cursor in the message box. They are listed in a small dialog
 * ("Keyboard shortcuts" under the conversation list) and on the controls (aria-keyshortcuts).
 */
import { useEffect, useState, type RefObject } from "react";
import { LazyDialog } from "@/components/ui/lazy-dialog";
import { Button } from "@/components/ui/button";

export const SHORTCUTS = [
  { keys: ["Ctrl", "Shift", "O"], mac: ["⌘", "Shift", "O"], does: "New chat" },
  { keys: ["Shift", "Esc"], does: "Focus the message box" },
  { keys: ["/"], does: "Focus the message box (when not typing)" },
  { keys: ["Enter"], does: "Send (in the message box)" },
  { keys: ["Shift", "Enter"], does: "New line (in the message box)" },
] as const;

function typingIn(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || el.tagName === "TEXTAREA" || el.tagName === "SELECT" ||
    (el.tagName === "INPUT" && !["button", "checkbox", "radio", "submit", "reset"].includes((el as HTMLInputElement).type));
}

export function useChatShortcuts({ onNewChat, composer }: { onNewChat(): void; composer: RefObject<HTMLTextAreaElement | null> }) {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.isComposing) return;
      if ((e.ctrlKey || e.metaKey) && e.shiftKey && !e.altKey && e.key.toLowerCase() === "o") {
        e.preventDefault();
        setOpen(false);
        onNewChat();
        // The new chat's message box takes the cursor once it is there.
        requestAnimationFrame(() => composer.current?.focus());
      } else if (e.key === "Escape" && e.shiftKey && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        composer.current?.focus();
      } else if (e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey && !typingIn(e.target) && !document.querySelector("[role=dialog]")) {
        e.preventDefault();
        composer.current?.focus();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onNewChat, composer]);

  const mac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
  const dialog = (
    <LazyDialog open={open} onOpenChange={setOpen} title="Keyboard shortcuts" description={undefined} closeLabel="Close keyboard shortcuts">
        <dl className="mt-3 grid grid-cols-[auto_1fr] items-center gap-x-4 gap-y-2 text-sm">
          {SHORTCUTS.map((s) => (
            <div key={s.does} className="contents">
              <dt className="flex gap-1">
                {(mac && "mac" in s ? s.mac : s.keys).map((k) => (
                  <kbd key={k} className="rounded border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-800">{k}</kbd>
                ))}
              </dt>
              <dd>{s.does}</dd>
            </div>
          ))}
        </dl>
        <Button variant="secondary" className="mt-4 self-end" onClick={() => setOpen(false)}>Done</Button>
    </LazyDialog>
  );
  return { open: () => setOpen(true), dialog };
}
