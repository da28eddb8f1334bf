/**
 * The devnet wallet as a wagmi connector (scaffold-eth-2's burner wallet, for our devnet): a key made in this
 * browser, funded from the devnet faucet when it holds no test USDC. It lives on the devnet's chain only (see
 * local-key-provider.ts): it connects there whatever chain is asked for, and refuses to switch away.
 */
import { createConnector } from "wagmi";
import { createPublicClient, getAddress, http, type Address } from "viem";
import type { Network } from "../../networks";
import { chainForNetwork } from "../chains";
import { balanceOfAbi } from "../erc20";
import { requestTestFunds } from "../faucet";
import { burnerWasConnected, loadOrCreateBurnerAccount, rememberBurnerConnected } from "./burner-key";
import { createLocalKeyProvider, otherChainRefused, type LocalKeyProvider } from "./local-key-provider";

export const DEVNET_WALLET_ID = "devnetWallet";

async function fundIfEmpty(network: Network, address: Address, created: boolean) {
  if (!created) {
    const client = createPublicClient({ transport: http(network.rpcUrl) });
    const balance = await client
      .readContract({ address: network.usdc.address, abi: balanceOfAbi, functionName: "balanceOf", args: [address] })
      .catch(() => undefined);
    if (balance === undefined || balance > 0n) return;
  }
  const result = await requestTestFunds(address);
  if (!result.ok) console.warn(`Devnet wallet: ${result.message}`);
}

export function devnetWalletConnector(network: Network) {
  let provider: LocalKeyProvider | undefined;
  let onChainChanged: ((chainId: unknown) => void) | undefined;

  return createConnector<LocalKeyProvider>((config) => ({
    id: DEVNET_WALLET_ID,
    name: "Devnet wallet",
    type: "devnetWallet",

    // A requested chainId is not followed: the wallet connects on the devnet, the only chain it signs on.
    async connect({ isReconnecting } = {}) {
      const { account, created } = loadOrCreateBurnerAccount();
      const p = await this.getProvider();
      if (!onChainChanged) {
        onChainChanged = (id) => this.onChainChanged(String(id));
        p.on("chainChanged", onChainChanged);
      }
      rememberBurnerConnected(true);
      if (!isReconnecting) await fundIfEmpty(network, account.address, created);
      return { accounts: [account.address], chainId: p.chainId() } as never;
    },
    async disconnect() {
      rememberBurnerConnected(false);
      if (provider && onChainChanged) provider.removeListener("chainChanged", onChainChanged);
      onChainChanged = undefined;
    },
    async getAccounts() {
      return [loadOrCreateBurnerAccount().account.address];
    },
    async getChainId() {
      return (await this.getProvider()).chainId();
    },
    async getProvider() {
      if (!provider) {
        const { account } = loadOrCreateBurnerAccount();
        // The devnet's own chain, from its network row (not config.chains: when the devnet runs as 84532 beside
        // Base Sepolia, config.chains holds Base Sepolia's RPC for that id).
        provider = createLocalKeyProvider({ account, chain: chainForNetwork(network) });
      }
      return provider;
    },
    async isAuthorized() {
      return burnerWasConnected();
    },
    async switchChain({ chainId }) {
      if (chainId !== network.chainId) throw otherChainRefused(chainId, network.chainId, "switch to");
      const chain = config.chains.find((c) => c.id === chainId) ?? chainForNetwork(network);
      return chain;
    },
    onAccountsChanged(accounts) {
      if (accounts.length === 0) this.onDisconnect();
      else config.emitter.emit("change", { accounts: accounts.map((a) => getAddress(a)) });
    },
    onChainChanged(chainId) {
      config.emitter.emit("change", { chainId: Number(chainId) });
    },
    onDisconnect() {
      rememberBurnerConnected(false);
      config.emitter.emit("disconnect");
    },
  }));
}
