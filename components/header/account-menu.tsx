"use client";
/**
 * Below the large breakpoint the header's wallet bar does not fit: account, balance, network, faucet, chain switch
 * and the spend history move into one menu (Radix DropdownMenu: arrow keys, Escape, focus return, typeahead).
 * Loaded by ./header-menu.tsx when the menu is first asked for, and mounted open then (`defaultOpen`).
 */
import dynamic from "next/dynamic";
import { useEffect, useRef, useState, type ReactNode } from "react";
import Link from "next/link";
import * as Menu from "@radix-ui/react-dropdown-menu";
import { useAccount, useSwitchChain } from "wagmi";
import { useWalletKit } from "@/components/wallet/wallet-kit-provider";
import { useActiveNetwork, useNetworks, useSetActiveNetwork } from "@/hooks/use-networks";
import { useRefreshUsdcBalances, useUsdcBalance } from "@/hooks/use-usdc-balance";
import { requestTestFunds } from "@/lib/wallet/faucet";
import { formatUsdc } from "@/lib/money";
import type { NetworkId } from "@/lib/networks";
import { shortAddress } from "@/components/wallet/connect-wallet-button";
import { useQuickPay } from "@/hooks/use-quick-pay";
import { quickPaySummary } from "@/components/quickpay/quick-pay-control";
import { useQuickPayActions } from "@/components/quickpay/use-quick-pay-actions";

// The dialog (its form and Radix) loads when it is first opened.
const QuickPayDialog = dynamic(() => import("@/components/quickpay/quick-pay-dialog").then((m) => m.QuickPayDialog), { ssr: false });

const item =
  "flex min-h-11 cursor-default select-none items-center gap-2 rounded-md px-3 text-sm outline-none data-[highlighted]:bg-zinc-100 data-[disabled]:opacity-50 dark:data-[highlighted]:bg-zinc-800";
const label = "px-3 pb-1 pt-2 text-xs font-medium text-muted";

export default function AccountMenu({ defaultOpen, focusFirstItem, trigger }: {
  defaultOpen: boolean;
  /** Opened from the keyboard before this loaded: the first item takes the focus, as Radix does for its own. */
  focusFirstItem?: boolean;
  trigger: ReactNode;
}) {
  const { address, chainId, isConnected } = useAccount();
  const network = useActiveNetwork();
  const networks = useNetworks();
  const setNetwork = useSetActiveNetwork();
  const balance = useUsdcBalance(network, address);
  const refresh = useRefreshUsdcBalances();
  const { switchChain } = useSwitchChain();
  // The wallet kit loads on the first request (components/wallet/wallet-kit-provider.tsx).
  const { openConnectModal, openAccountModal } = useWalletKit();
  const [note, setNote] = useState<{ text: string; ok: boolean }>();
  // A RainbowKit modal opened from the menu takes the focus; the menu must not pull it back to its trigger.
  const [modalFromMenu, setModalFromMenu] = useState(false);
  const quickPay = useQuickPay(network);
  const qpActions = useQuickPayActions(network);
  const [quickPayOpen, setQuickPayOpen] = useState(false);
  // Mounted from the first open on (its code loads then), so closing runs its own unmount and focus return.
  const [dialogAsked, setDialogAsked] = useState(false);
  if (quickPayOpen && !dialogAsked) setDialogAsked(true);
  const qpSummary = quickPaySummary(quickPay);

  // After Radix has mounted the menu and focused it (its portal renders a frame after this component).
  const contentRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!focusFirstItem) return;
    const f = requestAnimationFrame(() => contentRef.current?.querySelector<HTMLElement>('[role^="menuitem"]:not([data-disabled])')?.focus({ preventScroll: true }));
    return () => cancelAnimationFrame(f);
  }, [focusFirstItem]);

  async function fund() {
    if (!address) return;
    setNote({ text: "Asking the faucet…", ok: true });
    const r = await requestTestFunds(address);
    setNote({ text: r.ok ? "Test USDC sent" : r.message, ok: r.ok });
    await refresh();
  }

  useEffect(() => {
    if (!note?.ok || note.text.endsWith("…")) return;
    const t = setTimeout(() => setNote(undefined), 4000);
    return () => clearTimeout(t);
  }, [note]);

  const balanceText = balance.isError ? "balance unavailable" : balance.data === undefined ? "…" : `${formatUsdc(balance.data)} USDC`;

  return (
    <>
      <Menu.Root defaultOpen={defaultOpen}>
        <Menu.Trigger asChild>{trigger}</Menu.Trigger>
        <Menu.Portal>
          <Menu.Content
            align="end"
            sideOffset={6}
            collisionPadding={8}
            ref={contentRef}
            onCloseAutoFocus={(e) => {
              if (modalFromMenu) e.preventDefault();
              setModalFromMenu(false);
            }}
            className="z-50 w-[min(20rem,calc(100vw-1rem))] rounded-xl border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
          >
            {isConnected && address ? (
              <Menu.Group aria-label="Account">
                <Menu.Label className={label}>Account</Menu.Label>
                <Menu.Item className={`${item} font-mono`} aria-label={`Account ${address}`}
                  onSelect={() => { setModalFromMenu(true); openAccountModal(); }}>
                  {shortAddress(address)}
                </Menu.Item>
                {network && (
                  <Menu.Label className="px-3 pb-2 text-sm" data-testid="menu-balance">
                    <span className="text-muted">Balance on {network.name}: </span>
                    <span className="font-mono tabular-nums">{balanceText}</span>
                  </Menu.Label>
                )}
                {network && chainId !== network.chainId && (
                  <Menu.Item className={item} onSelect={() => switchChain({ chainId: network.chainId })}>
                    Switch wallet to {network.name}
                  </Menu.Item>
                )}
                {network?.id === "devnet" && (
                  <Menu.Item className={item} onSelect={() => void fund()}>Get test USDC</Menu.Item>
                )}
                {network && quickPay.session && qpSummary ? (
                  <>
                    <Menu.Label className="px-3 pb-2 text-sm" data-testid="menu-quick-pay">
                      <span className="text-muted">Quick pay session: </span>
                      <span className="font-mono tabular-nums">{qpSummary.text}</span>
                    </Menu.Label>
                    <Menu.Item className={item} disabled={qpActions.busy} onSelect={() => void qpActions.end(quickPay.session!)}>
                      End quick pay session
                    </Menu.Item>
                  </>
                ) : network ? (
                  <Menu.Item className={item} onSelect={() => { qpActions.clearNote(); setModalFromMenu(true); setQuickPayOpen(true); }}>
                    Quick pay…
                  </Menu.Item>
                ) : null}
              </Menu.Group>
            ) : (
              <Menu.Item className={item} onSelect={() => { setModalFromMenu(true); openConnectModal(); }}>Connect wallet</Menu.Item>
            )}
            {networks.length > 0 && (
              <>
                <Menu.Separator className="my-1 h-px bg-zinc-200 dark:bg-zinc-700" />
                <Menu.Label className={label}>Network</Menu.Label>
                <Menu.RadioGroup aria-label="Network" value={network?.id ?? ""} onValueChange={(id) => setNetwork(id as NetworkId)}>
                  {networks.map((n) => (
                    <Menu.RadioItem key={n.id} value={n.id} className={item}>
                      <span aria-hidden className="w-4 text-center">{n.id === network?.id ? "✓" : ""}</span>
                      {n.name}
                      {n.testnet && n.id !== "devnet" ? " (testnet)" : ""}
                    </Menu.RadioItem>
                  ))}
                </Menu.RadioGroup>
              </>
            )}
            <Menu.Separator className="my-1 h-px bg-zinc-200 dark:bg-zinc-700" />
            <Menu.Item asChild className={item}>
              <Link href="/history">Spend history</Link>
            </Menu.Item>
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
      {network && dialogAsked && (
        <QuickPayDialog open={quickPayOpen} onOpenChange={setQuickPayOpen} network={network} onStart={qpActions.open} note={qpActions.note} busy={qpActions.busy} />
      )}
      {!quickPayOpen && qpActions.note && !note && (
        <span role={qpActions.note.tone === "error" ? "alert" : "status"} onClick={qpActions.clearNote}
          className={`absolute right-2 top-full mt-1 max-w-[calc(100vw-1rem)] rounded-md px-2 py-1 text-xs shadow ${qpActions.note.tone === "error" ? "bg-red-700 text-white" : "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"}`}>
          {qpActions.note.text}
        </span>
      )}
      {note && (
        <span role={note.ok ? "status" : "alert"} onClick={() => setNote(undefined)}
          className={`absolute right-2 top-full mt-1 max-w-[calc(100vw-1rem)] rounded-md px-2 py-1 text-xs shadow ${note.ok ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "bg-red-700 text-white"}`}>
          {note.text}
        </span>
      )}
    </>
  );
}
