"use client";
import { ConnectWalletButton } from "@/components/wallet/connect-wallet-button";
import { FaucetButton } from "./faucet-button";
import { SwitchChainButton } from "./switch-chain-button";
import { UsdcBalance } from "./usdc-balance";

export function WalletBar() {
  return (
    <div className="flex items-center gap-2" data-testid="wallet-bar">
      <SwitchChainButton />
      <FaucetButton />
      <UsdcBalance />
      <ConnectWalletButton />
    </div>
  );
}
