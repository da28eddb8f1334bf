"use client";
/**
 * RainbowKit's ConnectButton, rendered our way: one "Connect wallet" button, then the address (full address in
 * the accessible name and data-address, shortened on screen). Chain mismatches are handled by SwitchChainButton.
 */
import { ConnectButton } from "@rainbow-me/rainbowkit";
import { Button } from "@/components/ui/button";

export function shortAddress(address: string) {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

export function ConnectWalletButton() {
  return (
    <ConnectButton.Custom>
      {({ account, openAccountModal, openConnectModal, mounted }) => {
        if (!mounted) return <div aria-hidden className="h-8 w-28 rounded-md bg-zinc-100 dark:bg-zinc-800" />;
        if (!account)
          return (
            <Button size="sm" onClick={openConnectModal} data-testid="connect-wallet">
              Connect wallet
            </Button>
          );
        return (
          <Button
            variant="secondary"
            size="sm"
            onClick={openAccountModal}
            data-testid="account-address"
            data-address={account.address}
            aria-label={`Account ${account.address}`}
            title={account.address}
            className="font-mono"
          >
            {shortAddress(account.address)}
          </Button>
        );
      }}
    </ConnectButton.Custom>
  );
}
