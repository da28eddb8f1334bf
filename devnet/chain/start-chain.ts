/**
 * The devnet chain: anvil, Circle's USDC, Multicall3, the smart-account factory (smart-account.ts), and the funded
 * accounts of devnet/accounts.ts.
 */
import { createPublicClient, createWalletClient, defineChain, http, type Address, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { startAnvil } from "./anvil";
import { deployUsdc, mintUsdc, type UsdcDeployment } from "./usdc";
import { installMulticall3, MULTICALL3_ADDRESS } from "./multicall3";
import { deploySmartAccountFactory } from "./smart-account";
import { devAccount, DEV_ACCOUNT_USDC, FAUCET_USDC, FUNDED_DEV_ACCOUNTS, ROLE_INDEX } from "../accounts";

/** Base Sepolia's USDC: where the token sits when the devnet runs as chain 84532 (so BlockRun's SDK will sign). */
export const BASE_SEPOLIA_USDC: Address = "0x036CbD53842c5426634e7929541eC2318f3dCF7e";

export interface Chain {
  rpcUrl: string;
  chainId: number;
  usdc: UsdcDeployment;
  multicall3: Address;
  /** CREATE2 factory of DevnetSmartAccount: the one factory the gateway lets an ERC-6492 signature call. */
  smartAccountFactory: Address;
  payTo: Address;
  facilitatorKey: `0x${string}`;
  faucetKey: `0x${string}`;
  fundedAccounts: { address: Address; privateKey: `0x${string}` }[];
  stop(): Promise<void>;
}

export function devnetChain(chainId: number, rpcUrl: string) {
  return defineChain({
    id: chainId,
    name: chainId === 84532 ? "Devnet (as Base Sepolia)" : "Devnet",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

export async function startChain(opts: { port: number; chainId: number; host?: string }): Promise<Chain> {
  const anvil = await startAnvil(opts);
  try {
    const chain = devnetChain(opts.chainId, anvil.rpcUrl);
    const transport = http(anvil.rpcUrl);
    const client = createPublicClient({ chain, transport, pollingInterval: 20 }) as PublicClient;
    const deployer = devAccount(ROLE_INDEX.deployer);
    const wallet = createWalletClient({ chain, transport, account: privateKeyToAccount(deployer.privateKey) });
    const rpc = (method: string, params: unknown[]) => client.request({ method: method as never, params: params as never });

    const multicall3 = await installMulticall3(client, rpc);
    const usdc = await deployUsdc({
      wallet, client, rpc,
      name: opts.chainId === 84532 ? "USDC" : "USD Coin",
      at: opts.chainId === 84532 ? BASE_SEPOLIA_USDC : undefined,
    });
    const fundedAccounts = FUNDED_DEV_ACCOUNTS.map((i) => devAccount(i));
    const faucet = devAccount(ROLE_INDEX.faucet);
    for (const a of fundedAccounts) await mintUsdc(wallet, client, usdc.address, a.address, DEV_ACCOUNT_USDC);
    await mintUsdc(wallet, client, usdc.address, faucet.address, FAUCET_USDC);
    // Last, so every address deployed before it stays where it was.
    const smartAccountFactory = await deploySmartAccountFactory(wallet, client);

    return {
      rpcUrl: anvil.rpcUrl,
      chainId: opts.chainId,
      usdc,
      multicall3: multicall3 ?? MULTICALL3_ADDRESS,
      smartAccountFactory,
      payTo: devAccount(ROLE_INDEX.payTo).address,
      facilitatorKey: devAccount(ROLE_INDEX.facilitator).privateKey,
      faucetKey: faucet.privateKey,
      fundedAccounts,
      stop: anvil.stop,
    };
  } catch (e) {
    await anvil.stop();
    throw e;
  }
}
