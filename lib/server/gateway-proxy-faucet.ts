/**
 * The devnet faucet through our server: the browser may not reach the devnet gateway's port directly (a remote
 * dev box, a container), but it always reaches the app. The route exists only when APP_NETWORKS names the
 * devnet (404 otherwise: there is no faucet on real networks), takes JSON only, and gives small amounts: at
 * most FAUCET_CAP per request, enough for hundreds of devnet messages.
 */
import { parseEther, parseUnits } from "viem";
import { z } from "zod";
import type { ServerNetwork } from "../networks";
import { proxyError } from "./gateway-proxy";

/** The most one request gives (decimal strings, as the devnet faucet takes them). Also the default. */
export const FAUCET_CAP = { usdc: "100", eth: "0.1" } as const;
const MAX_BODY_BYTES = 1024;

const faucetRequest = z.object({
  address: z.string().regex(/^0x[0-9a-fA-F]{40}$/, "an address"),
  usdc: z.string().regex(/^\d{1,7}(\.\d{1,6})?$/).optional(),
  eth: z.string().regex(/^\d{1,3}(\.\d{1,18})?$/).optional(),
});

export interface FaucetRouteOptions {
  /** APP_NETWORKS names the devnet. */
  configured: boolean;
  /** The devnet, when it is also running (its deployment file was read). */
  devnet: ServerNetwork | undefined;
  fetch?: typeof fetch;
}

const capText = `at most ${FAUCET_CAP.usdc} test USDC and ${FAUCET_CAP.eth} ETH per request`;

/** The answer for methods other than POST. */
export function faucetMethodNotAllowed(configured: boolean): Response {
  if (!configured) return notConfigured();
  return proxyError(405, "method_not_allowed", "The faucet accepts POST only.", { allow: "POST" });
}

function notConfigured(): Response {
  return proxyError(404, "not_found", "There is no faucet: the devnet is not one of this app's networks (APP_NETWORKS).");
}

export async function requestDevnetFaucet(request: Request, opts: FaucetRouteOptions): Promise<Response> {
  if (!opts.configured) return notConfigured();
  const type = request.headers.get("content-type")?.split(";")[0].trim().toLowerCase();
  if (type !== "application/json")
    return proxyError(415, "unsupported_media_type", "Send the faucet request as JSON (Content-Type: application/json).");
  const devnet = opts.devnet;
  if (!devnet?.faucetUrl) return proxyError(503, "devnet_not_running", "The devnet is not running, so its faucet is not either: npm run dev");

  const text = await request.text().catch(() => undefined);
  if (text === undefined || new TextEncoder().encode(text).byteLength > MAX_BODY_BYTES)
    return proxyError(400, "bad_request", "Send {address, usdc?, eth?} with a 0x address.");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return proxyError(400, "bad_request", "The faucet request is not JSON. Send {address, usdc?, eth?} with a 0x address.");
  }
  const parsed = faucetRequest.safeParse(json);
  if (!parsed.success) return proxyError(400, "bad_request", "Send {address, usdc?, eth?} with a 0x address.");
  const { address, usdc = FAUCET_CAP.usdc, eth = FAUCET_CAP.eth } = parsed.data;
  if (parseUnits(usdc, 6) > parseUnits(FAUCET_CAP.usdc, 6) || parseEther(eth) > parseEther(FAUCET_CAP.eth))
    return proxyError(400, "bad_request", `The faucet gives ${capText}; ask again for more.`);

  let upstream: Response;
  try {
    upstream = await (opts.fetch ?? fetch)(devnet.faucetUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ address, usdc, eth }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    return proxyError(502, "gateway_unreachable", "The devnet faucet did not answer: is the devnet running? npm run dev");
  }
  const body = (await upstream.json().catch(() => ({}))) as Record<string, unknown>;
  if (!upstream.ok)
    return proxyError(upstream.status, "bad_gateway", typeof body.message === "string" ? body.message : `The faucet refused (${upstream.status}).`);
  return Response.json(
    { ...body, message: typeof body.message === "string" ? body.message : `Sent ${usdc} test USDC to ${address}.` },
    { headers: { "cache-control": "no-store", "x-content-type-options": "nosniff" } },
  );
}
