import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
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
      <body>
        <Providers networks={networks} nonce={nonce}>
          {/* The window never scrolls: the header stays, and the area below it scrolls (the chat scrolls only its
              message list inside it). Inside the providers, whose wrapper element would break a flex chain from body. */}
          <div className="flex h-dvh flex-col overflow-hidden">
            <AppHeader />
            <div className="flex min-h-0 flex-1 flex-col overflow-y-auto">{children}</div>
          </div>
        </Providers>
      </body>
    </html>
  );
}
