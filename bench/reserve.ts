/**
 * The guard + reservation step's own time before the wallet is asked (lib/payments/reserve.ts): the limits read,
 * today's and the conversation's reserved sums, the quote guard and the new record in one IndexedDB transaction,
 * then the recheck right before signing (confirmReservation). 10,000 stored payments, spread over 100 days (a heavy
 * user) and all of them today (the worst case for the daily sum). Measured in Chromium against its real IndexedDB:
 * the code is bundled with esbuild and run in a blank page. `npx tsx bench/reserve.ts` runs it alone.
 */
import http from "node:http";
import { build } from "esbuild";
import { chromium } from "@playwright/test";

export async function benchReserve(executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium"): Promise<string[]> {
  const bundle = await build({
    entryPoints: ["bench/reserve-page.ts"], bundle: true, format: "iife", platform: "browser", write: false,
    alias: { "@": "." }, define: { "process.env.NODE_ENV": '"production"' }, logLevel: "silent",
  });
  const js = bundle.outputFiles[0].text;
  // IndexedDB needs a real origin: a tiny local page.
  const server = http.createServer((req, res) => {
    if (req.url === "/bundle.js") return res.writeHead(200, { "content-type": "text/javascript" }).end(js);
    res.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><script src="/bundle.js"></script>');
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    const { floor, runs } = (await page.evaluate(() => (globalThis as unknown as { benchReserve: () => Promise<unknown> }).benchReserve())) as {
      floor: number;
      runs: { days: number; reserve: number; recheck: number }[];
    };
    return runs.map(
      (r) =>
        `guard + reservation at 10,000 stored payments (${r.days === 1 ? "all of them today: worst case" : `over ${r.days} days`}): ` +
        `reserve ${r.reserve.toFixed(2)} ms, recheck before the wallet ${r.recheck.toFixed(2)} ms, medians (goal < 5 ms); ` +
        `a transaction with one read and one write takes ${floor.toFixed(2)} ms here now (${(r.reserve / floor).toFixed(1)}x)`,
    );
  } finally {
    await browser.close();
    server.close();
  }
}

if (process.argv[1]?.endsWith("reserve.ts")) for (const l of await benchReserve()) console.log(l);
