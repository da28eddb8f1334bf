/**
 * First-load JavaScript per page, as a browser receives it: a fresh Chromium context (empty cache, no wallet
 * connected before) opens the page of a production build (`next start`, which gzips), and every script response
 * until the network is idle is counted by its encoded (on the wire) size. Nothing is clicked, so what loads on
 * demand (the wallet kit on "Connect wallet", Markdown with the first reply) is not counted; what a page loads by
 * itself after first paint (the history's chart) is.
 * Also: the five largest chunks of each page, and whether wallet SDK code reached the first load (by markers
 * found in the script text), and for `/` the time to interactive: navigation start to the message box and the
 * model picker hydrated and usable (React has attached its props, the catalog is in), with the total blocking
 * time of long tasks until then.
 */
import { gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";

export interface ScriptLoad {
  url: string;
  /** Bytes on the wire (gzipped by next start); gzip -9 of the body when the server sent it uncompressed. */
  wire: number;
  raw: number;
}

export interface PageLoad {
  path: string;
  scripts: ScriptLoad[];
  wireTotal: number;
  rawTotal: number;
  /** Markers of wallet code found in the loaded scripts (should be empty). */
  walletMarkers: string[];
}

/** Strings that only the wallet kit and the wallet SDKs carry. */
const WALLET_MARKERS = ["wallet_connectors.metamask", "connectorsForWallets", "@coinbase/wallet-sdk", "MetaMaskSDK", "@walletconnect/", "data-rk"];

export async function measureFirstLoad(browser: Browser, baseUrl: string, path: string): Promise<PageLoad> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const pending: Promise<ScriptLoad & { text: string }>[] = [];
  page.on("response", (res) => {
    if (res.request().resourceType() !== "script") return;
    pending.push(
      (async () => {
        const body = await res.body().catch(() => Buffer.alloc(0));
        const sizes = await res.request().sizes().catch(() => undefined);
        const encoded = (await res.headerValue("content-encoding").catch(() => null)) ?? "";
        const wire = encoded && sizes ? sizes.responseBodySize : gzipSync(body, { level: 9 }).length;
        return { url: res.url(), wire, raw: body.length, text: body.toString("utf8") };
      })(),
    );
  });
  const res0 = await page.goto(new URL(path, baseUrl).toString(), { waitUntil: "load" });
  if (process.env.BENCH_ALL_CHUNKS) {
    const html = (await res0?.text()) ?? "";
    console.log(`${path} chunks named in the HTML: ${[...new Set(html.match(/static\/chunks\/[\w.-]+\.js/g) ?? [])].map((x) => x.split("/").pop()).join(" ")}`);
  }
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(500); // a dynamic import started by an effect after idle
  await page.waitForLoadState("networkidle");
  const loaded = await Promise.all(pending);
  await context.close();
  const unique = [...new Map(loaded.map((s) => [s.url, s])).values()];
  return {
    path,
    scripts: unique.map(({ url, wire, raw }) => ({ url, wire, raw })).sort((a, b) => b.wire - a.wire),
    wireTotal: unique.reduce((t, s) => t + s.wire, 0),
    rawTotal: unique.reduce((t, s) => t + s.raw, 0),
    walletMarkers: WALLET_MARKERS.filter((m) => unique.some((s) => s.text.includes(m))),
  };
}

export interface Interactive {
  /** Navigation start to the message box and model picker usable. */
  ms: number;
  /** Sum over long tasks before that moment of their time above 50 ms. */
  totalBlockingMs: number;
}

/** Time to interactive of the chat page, median of `runs` fresh loads. */
export async function measureInteractive(browser: Browser, baseUrl: string, runs = 5): Promise<Interactive[]> {
  const out: Interactive[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // tsx (esbuild, keepNames) wraps named functions in __name(); the function sent to the page needs it too.
    await context.addInitScript("globalThis.__name = globalThis.__name || ((f) => f);");
    await context.addInitScript(() => {
      const w = window as unknown as { __longTasks: { start: number; duration: number }[]; __usableAt?: number };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: "longtask", buffered: true });
      const hydrated = (el: Element | null) => !!el && Object.keys(el).some((k) => k.startsWith("__reactProps"));
      const check = () => {
        if (w.__usableAt !== undefined) return;
        const box = document.querySelector("textarea#composer");
        const picker = document.querySelector('[role="combobox"][aria-label="Model"]');
        const catalogIn = !!picker && !/Loading models/.test(picker.textContent ?? "");
        if (hydrated(box) && hydrated(picker) && catalogIn) w.__usableAt = performance.now();
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
    const page = await context.newPage();
    await page.goto(new URL("/", baseUrl).toString());
    await page.waitForFunction(() => (window as unknown as { __usableAt?: number }).__usableAt !== undefined, undefined, { timeout: 30_000 });
    const r = await page.evaluate(() => {
      const w = window as unknown as { __longTasks: { start: number; duration: number }[]; __usableAt: number };
      const tbt = w.__longTasks.filter((t) => t.start < w.__usableAt).reduce((s, t) => s + Math.max(0, t.duration - 50), 0);
      return { ms: w.__usableAt, totalBlockingMs: tbt };
    });
    out.push(r);
    await context.close();
  }
  return out;
}

const kB = (n: number) => `${(n / 1024).toFixed(1)} kB`;

export function formatFirstLoad(p: PageLoad, goalKb: number): string[] {
  const name = (url: string) => new URL(url).pathname.replace(/^\/_next\/static\//, "");
  return [
    `first-load JS of ${p.path}: ${kB(p.wireTotal)} gzipped as received (${kB(p.rawTotal)} raw, ${p.scripts.length} files; goal <= ${goalKb} kB)` +
      `; wallet code in it: ${p.walletMarkers.length ? p.walletMarkers.join(", ") : "none"}`,
    ...p.scripts.slice(0, process.env.BENCH_ALL_CHUNKS ? undefined : 5).map((s, i) => `  ${i + 1}. ${kB(s.wire).padStart(9)}  ${name(s.url)}`),
  ];
}

// Alone, against an app that is already running: npx tsx bench/first-load.ts --base-url http://127.0.0.1:3000 [--all]
const isMain = process.argv[1] && /bench[\\/]first-load\.ts$/.test(process.argv[1]);
if (isMain) {
  const { chromium } = await import("playwright-core");
  const { chromiumLaunchPath } = await import("../scripts/browser/find-browser");
  const i = process.argv.indexOf("--base-url");
  const base = i > 0 ? process.argv[i + 1] : "http://127.0.0.1:3000";
  const browser = await chromium.launch({ executablePath: chromiumLaunchPath(), args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
  try {
    await measureFirstLoad(browser, base, "/");
    for (const [p, goal] of [["/", 250], ["/history", 300]] as const) {
      const r = await measureFirstLoad(browser, base, p);
      console.log(formatFirstLoad(r, goal).join("\n"));
      if (process.argv.includes("--all")) for (const s of r.scripts) console.log(`     ${kB(s.wire)}  ${s.url}`);
    }
    const tti = await measureInteractive(browser, base, 3);
    console.log(`time to interactive of /: ${tti.map((t) => `${t.ms.toFixed(0)} ms (blocking ${t.totalBlockingMs.toFixed(0)} ms)`).join(", ")}`);
  } finally {
    await browser.close();
  }
}
