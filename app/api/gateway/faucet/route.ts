/** Devnet only: asks the devnet gateway's faucet for a little test USDC (and ETH) for an address. */
import { faucetMethodNotAllowed, requestDevnetFaucet } from "@/lib/server/gateway-proxy-faucet";
import { devnetConfigured, getNetwork } from "@/lib/server/app-config";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  const configured = devnetConfigured();
  return requestDevnetFaucet(request, { configured, devnet: configured ? getNetwork("devnet") : undefined });
}

export async function GET() {
  return faucetMethodNotAllowed(devnetConfigured());
}
