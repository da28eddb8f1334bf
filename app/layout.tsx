import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import "./globals.css";
import { Providers } from "@/components/providers/providers";
import { AppHeader } from "@/components/header/app-header";
import { getNetworks } from "@/lib/server/app-config";

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
  // The devnet's addresses change each time it starts: read the networks per request, never at build time.
  await connection();
  const networks = getNetworks();

  return (
    <html lang="en">
      <body className="flex min-h-dvh flex-col">
        <Providers networks={networks}>
          <AppHeader />
          <div className="flex min-h-0 flex-1 flex-col">{children}</div>
        </Providers>
      </body>
    </html>
  );
}
