import type { NextConfig } from "next";
import { API_CSP, STATIC_SECURITY_HEADERS } from "./lib/server/security-headers";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Next's dev badge sits over the composer's attach button on a phone under `npm run dev`; build errors still show.
  devIndicators: false,
  // BROWSER_SOURCE_MAPS=1 next build: source maps for the browser's chunks, to read a Chrome CPU profile of the
  // production build (bench/run.ts, BENCH_TRACE) in the source's names. Never on by default.
  productionBrowserSourceMaps: process.env.BROWSER_SOURCE_MAPS === "1",
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
