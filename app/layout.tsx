import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import "@rainbow-me/rainbowkit/styles.css";
import "./globals.css";
import { Providers } from "@/components/providers/providers";
import { AppHeader } from "@/components/header/app-header";
import { getPublicNetworks } from "@/lib/server/app-config";

export const metadata: Metadata = {
  title: "BlockRun Chat",
  description: "Chat with LLMs through BlockRun and pay each message in USDC from your own wallet.",
  icons: { icon: "/icon.svg" },
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Per request (reading the headers makes the page dynamic): the CSP nonce is new each time (proxy.ts), and
  // the devnet's addresses change each time it starts. The page receives the networks' public fields only.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  const networks = getPublicNetworks();

  return (
    <html lang="en">
      <body className="flex min-h-dvh flex-col">
        <Providers networks={networks} nonce={nonce}>
          <AppHeader />
          <div className="flex min-h-0 flex-1 flex-col">{children}</div>
        </Providers>
      </body>
    </html>
  );
}
