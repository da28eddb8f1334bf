/** Devnet only: asks the devnet gateway's faucet for test USDC (and a little ETH) for an address. */
import { requestDevnetFaucet } from "@/lib/server/gateway-proxy-faucet";
import { getNetwork } from "@/lib/server/app-config";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  return requestDevnetFaucet(request, { devnet: getNetwork("devnet") });
}
