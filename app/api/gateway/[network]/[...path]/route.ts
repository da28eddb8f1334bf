/** Pass-through to a network's BlockRun gateway: GET v1/models and POST v1/chat/completions only. */
import { proxyToGateway } from "@/lib/server/gateway-proxy";
import { getNetwork } from "@/lib/server/app-config";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ network: string; path: string[] }> };

async function handle(request: Request, { params }: Context) {
  const p = await params;
  const timeout = Number(process.env.GATEWAY_TIMEOUT_MS) || undefined;
  return proxyToGateway(request, p, { findNetwork: (id) => getNetwork(id), headersTimeoutMs: timeout });
}

export const GET = handle;
export const POST = handle;
export const OPTIONS = handle;
