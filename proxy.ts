/**
 * Runs before every page (not API routes or static files, see `config.matcher`): a fresh CSP nonce per request.
 * Next reads the nonce from the request's Content-Security-Policy header and puts it on its own scripts; the
 * layout reads `x-nonce` for the one inline style the app renders (RainbowKit's theme). The other security
 * headers come from next.config.ts for every answer.
 */
import { NextResponse, type NextRequest } from "next/server";
import { getNetworks } from "@/lib/server/app-config";
import { newNonce, pageCsp } from "@/lib/server/security-headers";

export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const csp = pageCsp({
    nonce,
    dev: process.env.NODE_ENV === "development",
    // Per request: the devnet's RPC port comes from its deployment file, which changes when it restarts.
    rpcUrls: getNetworks().map((n) => n.rpcUrl),
    walletConnect: !!process.env.NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID,
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  // Pages only. API answers get a fixed policy from next.config.ts, and stay out of the proxy so their
  // request bodies and streams pass untouched.
  matcher: ["/((?!api/|_next/static|_next/image|icon.svg|favicon.ico).*)"],
};
