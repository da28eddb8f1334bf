import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The devnet's deployment file is read at request time by the server, never bundled.
  serverExternalPackages: [],
};

export default nextConfig;
