"use client";
import { ConnectWalletButton } from "@/components/wallet/connect-wallet-button";
import { FaucetButton } from "./faucet-button";
import { SwitchChainButton } from "./switch-chain-button";
import { UsdcBalance } from "./usdc-balance";
import { QuickPayControl } from "@/components/quickpay/quick-pay-control";

export function WalletBar() {
  return (
    <div className="flex items-center gap-2" data-testid="wallet-bar">
      <SwitchChainButton />
      <FaucetButton />
      <UsdcBalance />
      <QuickPayControl />
      <ConnectWalletButton />
    </div>
  );
}
