/**
 * What the send flow needs of a wallet, and nothing more: who pays, a signer on the right chain, the USDC
 * balance, and a way to read the chain. The flow never sees wagmi; tests give it a viem account instead.
 */
import { erc20Abi, type Address, type PublicClient, type WalletClient } from "viem";
import type { Network } from "../networks";
import { walletSigner, type X402Signer } from "../x402/wallet-signer";

export interface PayingWallet {
  readonly address: Address;
  /** Puts the wallet on the network's chain (asking it to switch when needed) and returns a table-checked signer. */
  prepareToSign(network: Network): Promise<X402Signer>;
  usdcBalance(network: Network): Promise<bigint>;
  chain(network: Network): PublicClient;
  /**
   * Set when this is a quick pay session's key (lib/quickpay): its payments are recorded as funded by the main
   * wallet (budgets and history count them as that wallet's) and go without the app's dialog up to the cap the
   * person chose when opening the session (the price is in the composer before Send).
   */
  readonly session?: { id: string; fundedBy: Address; cap: bigint };
}

export function usdcBalanceOf(client: PublicClient, network: Network, owner: Address): Promise<bigint> {
  return client.readContract({ address: network.usdc.address, abi: erc20Abi, functionName: "balanceOf", args: [owner] });
}

/** A paying wallet over anything that can hand out a viem wallet client for a chain (wagmi, or a test account). */
export function payingWallet(o: {
  address: Address;
  walletClient(chainId: number): Promise<WalletClient>;
  switchChain(chainId: number): Promise<void>;
  publicClient(network: Network): PublicClient;
}): PayingWallet {
  return {
    address: o.address,
    async prepareToSign(network) {
      let wc = await o.walletClient(network.chainId);
      const active = await wc.getChainId().catch(() => wc.chain?.id);
      if (active !== network.chainId) {
        await o.switchChain(network.chainId);
        wc = await o.walletClient(network.chainId);
      }
      return walletSigner(wc, network);
    },
    usdcBalance: (network) => usdcBalanceOf(o.publicClient(network), network, o.address),
    chain: (network) => o.publicClient(network),
  };
}
