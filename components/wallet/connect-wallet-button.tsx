"use client";
/**
 * "Connect wallet", then the account (full address in the accessible name and data-address, shortened on screen).
 * wagmi's account state is there from the first paint; the modals come from the wallet kit, loaded on the first
 * click (or when the pointer or focus reaches the button). Chain mismatches are handled by SwitchChainButton.
 */
import { useAccount } from "wagmi";
import { Button } from "@/components/ui/button";
import { useWalletKit } from "./wallet-kit-provider";

export function shortAddress(address: string) {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

export function ConnectWalletButton() {
  const { address, status } = useAccount();
  const kit = useWalletKit();
  const busy = kit.state === "loading";

  if (status === "reconnecting") return <div aria-hidden className="h-8 w-28 rounded-md bg-zinc-100 dark:bg-zinc-800" />;
  if (!address)
    return (
      <span className="flex items-center gap-2">
        <Button size="sm" onClick={kit.openConnectModal} onPointerEnter={kit.preload} onFocus={kit.preload}
          aria-busy={busy || undefined} data-testid="connect-wallet">
          Connect wallet
        </Button>
        {kit.error && <span role="alert" className="max-w-56 truncate text-xs text-red-600 dark:text-red-400" title={kit.error}>{kit.error}</span>}
      </span>
    );
  return (
    <Button
      variant="secondary"
      size="sm"
      onClick={kit.openAccountModal}
      data-testid="account-address"
      data-address={address}
      aria-label={`Account ${address}`}
      title={address}
      className="font-mono"
    >
      {shortAddress(address)}
    </Button>
  );
}
