/**
 * Quick pay's code beyond the header's small view of a session: key making and sealing, the session's signer and
 * paying wallet, opening and ending, over wagmi. Loaded on demand (loader.ts): never in the first load of `/`.
 */
import type { Config } from "wagmi";
import { getAccount, getPublicClient, switchChain, writeContract } from "wagmi/actions";
import type { Address, PublicClient } from "viem";
import type { Network } from "../networks";
import type { StoredQuickPaySession } from "../db/types";
import type { FundingWallet } from "./funding-wallet";
import { usdcQuickPayAbi } from "./usdc-abi";
import { sessionPayingWallet } from "./session-wallet";

export { openSession, confirmFunding } from "./open-session";
export { endSession } from "./end-session";

const publicClientOf = (config: Config) => (network: Network) => getPublicClient(config, { chainId: network.chainId }) as PublicClient;

/** The connected wallet as the session's funder: each call is one wallet prompt. */
export function wagmiFundingWallet(config: Config, address: Address): FundingWallet {
  return {
    address,
    async write(network, call) {
      if (getAccount(config).chainId !== network.chainId) await switchChain(config, { chainId: network.chainId });
      return writeContract(config, {
        address: network.usdc.address, abi: usdcQuickPayAbi, chainId: network.chainId, account: address, ...call,
      } as Parameters<typeof writeContract>[1]);
    },
    chain: publicClientOf(config),
  };
}

export function wagmiSessionWallet(config: Config, s: StoredQuickPaySession) {
  return sessionPayingWallet(s, publicClientOf(config));
}
