"use client";
/**
 * A dialog whose Radix code (./dialog.tsx) loads when it first opens, so pages that only may open one (settings,
 * the conversation drawer) keep it out of their first load. The caller's own button opens it (give it
 * aria-haspopup="dialog" and aria-expanded, and `onPointerEnter`/`onFocus={preloadDialog}` to load it early);
 * focus goes back to whatever had it when the dialog opened, as with a Radix trigger.
 */
import { useLayoutEffect, useRef, useState, type ComponentProps } from "react";
import dynamic from "next/dynamic";
import type { ControlledDialog as ControlledDialogType } from "./dialog";

const loadDialog = () => import("./dialog");
const ControlledDialog = dynamic(() => loadDialog().then((m) => m.ControlledDialog), { ssr: false });

export const preloadDialog = () => void loadDialog().catch(() => {});

export function LazyDialog({ open, onOpenChange, ...content }: ComponentProps<typeof ControlledDialogType>) {
  // Mounted from the first open on (closing then runs Radix's own unmount, focus return included).
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  const returnTo = useRef<HTMLElement | null>(null);
  // Layout phase: before Radix's focus scope (a passive effect) moves the focus into the dialog.
  useLayoutEffect(() => {
    if (open) returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  }, [open]);
  if (!opened) return null;
  return (
    <ControlledDialog
      open={open}
      onOpenChange={onOpenChange}
      onCloseAutoFocus={(e) => {
        e.preventDefault();
        returnTo.current?.focus();
      }}
      {...content}
    />
  );
}
