/**
 * The local world in one call: chain (anvil + USDC + Multicall3) and the BlockRun-compatible gateway, with the
 * deployment file written for the app and the tests. Used by `npm run dev`, `npm run devnet`, the tests' global
 * setup and the benchmarks, so all of them run the same world.
 */
import { mkdir, writeFile, rm } from "node:fs/promises";
import path from "node:path";
import { privateKeyToAccount } from "viem/accounts";
import { startChain, type Chain } from "./chain/start-chain";
import { startGateway, type Gateway } from "./gateway/server";
import { DEPLOYMENT_FILE, type DevnetDeployment } from "../lib/devnet-deployment";

export interface WorldOptions {
  rpcPort: number;
  gatewayPort: number;
  chainId?: number;
  /** Where deployment.json is written; omitted = not written. */
  stateDir?: string;
  tokensPerSecond?: number;
}

export interface World {
  deployment: DevnetDeployment;
  chain: Chain;
  gateway: Gateway;
  stop(): Promise<void>;
}

export function worldOptionsFromEnv(env = process.env): WorldOptions {
  const int = (name: string, fallback: number) => {
    const v = env[name];
    if (v === undefined || v === "") return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, not "${v}"`);
    return n;
  };
  return {
    rpcPort: int("DEVNET_RPC_PORT", 8545),
    gatewayPort: int("DEVNET_GATEWAY_PORT", 8402),
    chainId: int("DEVNET_CHAIN_ID", 31337),
    stateDir: env.DEVNET_STATE_DIR || path.join("devnet", ".state"),
    tokensPerSecond: env.DEVNET_TOKENS_PER_SECOND ? Number(env.DEVNET_TOKENS_PER_SECOND) : undefined,
  };
}

export async function startWorld(opts: WorldOptions): Promise<World> {
  const chainId = opts.chainId ?? 31337;
  const chain = await startChain({ port: opts.rpcPort, chainId });
  let gateway: Gateway;
  try {
    gateway = await startGateway({
      port: opts.gatewayPort,
      rpcUrl: chain.rpcUrl,
      chainId,
      usdc: chain.usdc,
      payTo: chain.payTo,
      facilitatorPrivateKey: chain.facilitatorKey,
      faucetPrivateKey: chain.faucetKey,
      tokensPerSecond: opts.tokensPerSecond,
      eip6492AllowedFactories: [chain.smartAccountFactory],
    });
  } catch (e) {
    await chain.stop();
    throw e;
  }
  const deployment: DevnetDeployment = {
    chainId,
    rpcUrl: chain.rpcUrl,
    gatewayUrl: gateway.url,
    usdc: chain.usdc,
    multicall3: chain.multicall3,
    smartAccountFactory: chain.smartAccountFactory,
    payTo: chain.payTo,
    facilitator: privateKeyToAccount(chain.facilitatorKey).address,
    faucet: privateKeyToAccount(chain.faucetKey).address,
    fundedAccounts: chain.fundedAccounts.map((a) => a.address),
    startedAt: new Date().toISOString(),
  };
  const file = opts.stateDir ? path.join(opts.stateDir, DEPLOYMENT_FILE) : undefined;
  if (file) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(deployment, null, 2) + "\n");
  }
  return {
    deployment,
    chain,
    gateway,
    async stop() {
      await gateway.close().catch(() => {});
      await chain.stop();
      if (file) await rm(file, { force: true });
    },
  };
}
