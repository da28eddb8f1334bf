import Link from "next/link";
import { HeaderMenu } from "./header-menu";
import { NetworkSelector } from "./network-selector";
import { NoNetworkNotice } from "./no-network-notice";
import { WalletBar } from "./wallet-bar";

/**
 * Top bar: name, spend history, network, wallet. It never scrolls away (the page below it scrolls, or on the chat
 * only the message list does). From the lg breakpoint everything is in the bar; below it, in the header menu.
 * Server component; the interactive parts are client islands.
 */
export function AppHeader() {
  return (
    <header className="relative z-20 shrink-0 border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950">
      <div className="flex h-14 items-center gap-2 px-2 sm:h-12 sm:gap-3 sm:px-4">
        <Link href="/" className="flex min-h-11 items-center gap-2 rounded-md px-1 text-sm font-semibold tracking-tight text-zinc-900 sm:min-h-0 dark:text-zinc-50">
          <span aria-hidden className="grid size-7 place-items-center rounded-md bg-teal-700 text-[11px] font-bold text-white">
            BR
          </span>
          <span className="max-[379px]:sr-only">BlockRun Chat</span>
        </Link>
        <nav aria-label="Main" className="hidden items-center lg:flex">
          <Link
            href="/history"
            className="rounded-md px-2 py-1 text-sm text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-zinc-50"
          >
            Spend history
          </Link>
        </nav>
        <div className="ml-auto hidden items-center gap-2 lg:flex">
          <NetworkSelector />
          <WalletBar />
        </div>
        <div className="ml-auto lg:hidden">
          <HeaderMenu />
        </div>
      </div>
      <NoNetworkNotice />
    </header>
  );
}
