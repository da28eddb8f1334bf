/**
 * Server-only: which networks this app offers, from the environment and the devnet's deployment file.
 *   APP_NETWORKS      comma list of devnet, base, base-sepolia (default: devnet)
 *   DEVNET_STATE_DIR  where the devnet wrote deployment.json (default: devnet/.state)
 *   BASE_RPC_URL, BASE_SEPOLIA_RPC_URL, BASE_GATEWAY_URL, BASE_SEPOLIA_GATEWAY_URL  optional overrides
 *   NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID  enables WalletConnect in the wallet list
 *   GATEWAY_TIMEOUT_MS  how long the server route waits for the gateway to start answering (default 120000)
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { BASE, BASE_SEPOLIA, devnetNetwork, NETWORK_IDS, toPublicNetwork, type NetworkId, type PublicNetwork, type ServerNetwork } from "../networks";
import { DEPLOYMENT_FILE, devnetDeploymentSchema, type DevnetDeployment } from "../devnet-deployment";

export class DevnetNotRunningError extends Error {
  constructor(detail: string) {
    super(`The devnet is not running (${detail}). Start it with: npm run dev`);
  }
}

export function readDevnetDeployment(env = process.env): DevnetDeployment {
  const dir = env.DEVNET_STATE_DIR || path.join(/* turbopackIgnore: true */ process.cwd(), "devnet", ".state");
  const file = path.join(dir, DEPLOYMENT_FILE);
  let raw: string;
  try {
    raw = readFileSync(file, "utf8");
  } catch {
    throw new DevnetNotRunningError(`no ${file}`);
  }
  const parsed = devnetDeploymentSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new DevnetNotRunningError(`${file} is not a deployment file`);
  return parsed.data;
}

export function configuredNetworkIds(env = process.env): NetworkId[] {
  const ids = (env.APP_NETWORKS || "devnet").split(",").map((s) => s.trim()).filter(Boolean);
  const bad = ids.filter((id) => !NETWORK_IDS.includes(id as NetworkId));
  if (bad.length) throw new Error(`APP_NETWORKS names unknown networks: ${bad.join(", ")} (known: ${NETWORK_IDS.join(", ")})`);
  return ids as NetworkId[];
}

/** The networks the app offers, in the configured order. The devnet is left out (with a log) when it is not running. */
export function getNetworks(env = process.env): ServerNetwork[] {
  const out: ServerNetwork[] = [];
  for (const id of configuredNetworkIds(env)) {
    if (id === "base") out.push({ ...BASE, rpcUrl: env.BASE_RPC_URL || BASE.rpcUrl, gatewayUrl: env.BASE_GATEWAY_URL || BASE.gatewayUrl });
    if (id === "base-sepolia")
      out.push({
        ...BASE_SEPOLIA,
        rpcUrl: env.BASE_SEPOLIA_RPC_URL || BASE_SEPOLIA.rpcUrl,
        gatewayUrl: env.BASE_SEPOLIA_GATEWAY_URL || BASE_SEPOLIA.gatewayUrl,
      });
    if (id === "devnet") {
      try {
        out.push(devnetNetwork(readDevnetDeployment(env)));
      } catch (e) {
        console.warn((e as Error).message);
      }
    }
  }
  return out;
}

export function getNetwork(id: string, env = process.env): ServerNetwork | undefined {
  return getNetworks(env).find((n) => n.id === id);
}

/** What the page receives: the configured networks without their gateway or faucet URLs. */
export function getPublicNetworks(env = process.env): PublicNetwork[] {
  return getNetworks(env).map(toPublicNetwork);
}

/** Whether APP_NETWORKS names the devnet (running or not): the faucet route exists only then. */
export function devnetConfigured(env = process.env): boolean {
  return configuredNetworkIds(env).includes("devnet");
}
