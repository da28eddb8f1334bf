/**
 * The devnet faucet through our server: the browser may not reach the devnet gateway's port directly (a remote
 * dev box, a container), but it always reaches the app. Devnet only; there is no faucet on real networks.
 */
import { z } from "zod";
import type { Network } from "../networks";
import { proxyError } from "./gateway-proxy";

const faucetRequest = z.object({
  address: z.string().regex(/^0x[0-9a-fA-F]{40}$/, "an address"),
  usdc: z.string().regex(/^\d{1,7}(\.\d{1,6})?$/).optional(),
  eth: z.string().regex(/^\d{1,3}(\.\d{1,18})?$/).optional(),
});

export async function requestDevnetFaucet(
  request: Request,
  opts: { devnet: Network | undefined; fetch?: typeof fetch },
): Promise<Response> {
  const devnet = opts.devnet;
  if (!devnet?.faucetUrl) return proxyError(404, "not_found", "The faucet exists on the devnet only, and the devnet is not running: npm run dev");
  const parsed = faucetRequest.safeParse(await request.json().catch(() => undefined));
  if (!parsed.success) return proxyError(400, "bad_request", "Send {address, usdc?, eth?} with a 0x address.");
  const { address, usdc = "1000", eth = "1" } = parsed.data;

  let upstream: Response;
  try {
    upstream = await (opts.fetch ?? fetch)(devnet.faucetUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ address, usdc, eth }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    return proxyError(502, "gateway_unreachable", `The devnet faucet at ${devnet.faucetUrl} did not answer: is the devnet running? npm run dev`);
  }
  const body = (await upstream.json().catch(() => ({}))) as Record<string, unknown>;
  if (!upstream.ok)
    return proxyError(upstream.status, "bad_gateway", typeof body.message === "string" ? body.message : `The faucet refused (${upstream.status}).`);
  return Response.json({ ...body, message: typeof body.message === "string" ? body.message : `Sent ${usdc} test USDC to ${address}.` });
}
