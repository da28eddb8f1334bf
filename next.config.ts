import type { NextConfig } from "next";
import { API_CSP, STATIC_SECURITY_HEADERS } from "./lib/server/security-headers";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Next's dev badge sits over the composer's attach button on a phone under `npm run dev`; build errors still show.
  devIndicators: false,
  // The devnet's deployment file is read at request time by the server, never bundled.
  serverExternalPackages: [],
  async headers() {
    return [
      // Pages get their CSP (with a nonce) from proxy.ts.
      { source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
    ];
  },
};

export default nextConfig;
