import Link from "next/link";
import { NetworkSelector } from "./network-selector";
import { NoNetworkNotice } from "./no-network-notice";
import { WalletBar } from "./wallet-bar";

/** Top bar: name, spend history, network, wallet. Server component; the interactive parts are client islands. */
export function AppHeader() {
  return (
    <header className="sticky top-0 z-20 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
      <div className="flex h-12 items-center gap-3 px-3 sm:px-4">
        <Link href="/" className="flex items-center gap-2 text-sm font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">
          <span aria-hidden className="grid size-6 place-items-center rounded-md bg-teal-600 text-[11px] font-bold text-white">
            BR
          </span>
          BlockRun Chat
        </Link>
        <nav aria-label="Main" className="flex items-center">
          <Link
            href="/history"
            className="rounded-md px-2 py-1 text-sm text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-zinc-50"
          >
            Spend history
          </Link>
        </nav>
        <div className="ml-auto flex items-center gap-2">
          <NetworkSelector />
          <WalletBar />
        </div>
      </div>
      <NoNetworkNotice />
    </header>
  );
}
