import type { ButtonHTMLAttributes, Ref } from "react";

// White text sits on teal-700 (5.5:1); in dark mode dark text on teal-400. Contrast is checked by the axe e2e.
const variants = {
  primary: "bg-teal-700 text-white hover:bg-teal-800 disabled:bg-teal-700/50 dark:bg-teal-400 dark:text-zinc-950 dark:hover:bg-teal-300 dark:disabled:bg-teal-400/50",
  secondary:
    "border border-zinc-300 bg-white text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800",
  warning: "bg-amber-500 text-zinc-950 hover:bg-amber-400 disabled:opacity-60",
  danger: "bg-red-700 text-white hover:bg-red-800 disabled:opacity-60",
  ghost: "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-200 dark:hover:bg-zinc-800",
  /** Secondary text colour, for quiet actions (copy, rename, dismiss). */
  quiet: "text-muted hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-50",
} as const;

// On phones (below Tailwind's sm, 640 px) every button is at least 44 px tall (and icon buttons 44 px wide):
// the touch-target size of WCAG 2.5.5 and of the platforms' guidelines. Desktop keeps the compact sizes.
const sizes = {
  sm: "h-11 px-3 text-sm sm:h-8 sm:px-2.5 sm:text-xs",
  md: "h-11 px-4 text-sm sm:h-9 sm:px-3.5",
  icon: "size-11 sm:size-9",
} as const;

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: keyof typeof variants;
  size?: keyof typeof sizes;
  ref?: Ref<HTMLButtonElement>;
};

/** The app's one button: a real <button>, typed "button" unless told otherwise so it never submits by accident. */
export function Button({ variant = "primary", size = "md", className = "", type = "button", ...props }: ButtonProps) {
  return (
    <button
      type={type}
      className={`inline-flex shrink-0 items-center justify-center gap-1.5 rounded-md font-medium whitespace-nowrap transition-colors disabled:cursor-not-allowed aria-disabled:cursor-not-allowed ${variants[variant]} ${sizes[size]} ${className}`}
      {...props}
    />
  );
}
