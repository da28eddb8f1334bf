"use client";
/**
 * The header menu below the large breakpoint. Its Radix DropdownMenu (./account-menu.tsx) is not in the first
 * load: this button stands in for its trigger, starts loading it on hover or focus, and on press mounts it open.
 * From then on the Radix menu owns the same button (arrow keys, Escape, focus return). "Connect wallet" stays in
 * the bar so the first step is one tap.
 */
import { useState, type ComponentProps } from "react";
import dynamic from "next/dynamic";
import { useAccount } from "wagmi";
import { useWalletKit } from "@/components/wallet/wallet-kit-provider";
import { Button } from "@/components/ui/button";

const loadAccountMenu = () => import("./account-menu");
const AccountMenu = dynamic(loadAccountMenu, { ssr: false, loading: () => <MenuButton aria-busy /> });

/** The trigger; Radix's Slot passes its ref and handlers through the props (React 19: ref is a prop). */
function MenuButton(props: ComponentProps<typeof Button>) {
  return (
    <Button variant="ghost" size="icon" aria-label="Account and network" aria-haspopup="menu" data-testid="header-menu" {...props}>
      <svg aria-hidden viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
        <circle cx="12" cy="8" r="4" />
        <path d="M4 21c1.5-4 4.5-6 8-6s6.5 2 8 6" />
      </svg>
    </Button>
  );
}

export function HeaderMenu() {
  const { isConnected } = useAccount();
  // The wallet kit loads on the first request (components/wallet/wallet-kit-provider.tsx).
  const { openConnectModal } = useWalletKit();
  // How the menu was first asked for: by keyboard, its first item takes the focus (the menu button pattern; Radix
  // knows this only for key presses it saw, and this one came before it loaded).
  const [asked, setAsked] = useState<"keyboard" | "pointer">();
  const preload = () => void loadAccountMenu().catch(() => {});

  return (
    <div className="flex items-center gap-1">
      {!isConnected && (
        <Button size="sm" onClick={openConnectModal} data-testid="connect-wallet">Connect wallet</Button>
      )}
      {asked ? (
        <AccountMenu defaultOpen focusFirstItem={asked === "keyboard"} trigger={<MenuButton />} />
      ) : (
        <MenuButton
          aria-expanded={false}
          onPointerEnter={preload}
          onFocus={preload}
          // Radix opens a menu on pointer down (mouse) and on Enter, Space or ArrowDown; so does this stand-in.
          onPointerDown={(e) => { if (e.button === 0 && e.pointerType === "mouse") { e.preventDefault(); setAsked("pointer"); } }}
          // A click from Enter or Space has no pointer (detail 0).
          onClick={(e) => setAsked(e.detail === 0 ? "keyboard" : "pointer")}
          onKeyDown={(e) => { if (e.key === "ArrowDown") { e.preventDefault(); setAsked("keyboard"); } }}
        />
      )}
    </div>
  );
}
