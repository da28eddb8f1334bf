/**
 * Everything a send needs beyond the page: the send sequence (x402 payment, settlement) and the wallet's viem
 * actions through wagmi. Loaded on first use by lib/chat/send-loader.ts, so none of it is in the first load.
 */
import type { Config } from "wagmi";
import { getPublicClient, getWalletClient, switchChain } from "wagmi/actions";
import { erc20Abi, type Address, type PublicClient } from "viem";
import type { Network } from "../networks";
import { walletSigner } from "../x402/wallet-signer";
import type { Quote } from "./quote";
import type { PaidSendParts } from "./send-message";

export { sendMessage } from "./send-message";

/** The paid part of a send, over the connected wagmi wallet. */
export function paidParts(config: Config, network: Network, payer: Address, quote: Quote): PaidSendParts {
  const paid: PaidSendParts = {
    quote,
    payer,
    signer: undefined as never,
    ensureChain: async () => {
      const wc = await getWalletClient(config);
      if (wc.chain?.id !== network.chainId && (await wc.getChainId()) !== network.chainId) {
        await switchChain(config, { chainId: network.chainId });
      }
      paid.signer = walletSigner(await getWalletClient(config, { chainId: network.chainId }), network) as never;
    },
    readUsdcBalance: () =>
      getPublicClient(config, { chainId: network.chainId })!.readContract({
        address: network.usdc.address, abi: erc20Abi, functionName: "balanceOf", args: [payer],
      }),
    publicClient: getPublicClient(config, { chainId: network.chainId }) as PublicClient | undefined,
  };
  return paid;
}
