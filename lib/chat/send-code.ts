/**
 * Everything a send needs beyond the page: the send controller and its steps (x402 payment, settlement, the chain
 * reads), the quote (reading the 402) and the wallet's viem actions through wagmi. Loaded on first use by lib/chat/send-loader.ts, so none of
 * it is in the first load; the composer preloads it when the person starts typing.
 */
import type { Config } from "wagmi";
import { getPublicClient, getWalletClient, switchChain } from "wagmi/actions";
import type { Address, PublicClient } from "viem";
import { payingWallet, type PayingWallet } from "../wallet/paying-wallet";

export { SendController } from "./send/controller";
// The price as the person types (hooks/use-quote.ts): the 402 reader and @x402/core load with the send code.
export { fetchQuote } from "./quote";
export { toSendError } from "./send/errors";

/** The paying wallet over the connected wagmi wallet. */
export function wagmiPayingWallet(config: Config, address: Address): PayingWallet {
  return payingWallet({
    address,
    walletClient: (chainId) => getWalletClient(config, { chainId }),
    switchChain: async (chainId) => void (await switchChain(config, { chainId })),
    publicClient: (network) => getPublicClient(config, { chainId: network.chainId }) as PublicClient,
  });
}
