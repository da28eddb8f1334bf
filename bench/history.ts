/**
 * Figures for the spend history (printed, never asserted):
 *   - the history page with 10,000 payments: time to render (rows in view, exact totals and counts, from index
 *     keys and the newest records), to every record read in the background, and to apply a filter (model,
 *     status, search) once every record is in;
 *   - on-chain verification of 100 real devnet payments, from the page and from Node.
 * The 100 payments are real paid requests to the devnet gateway (signed with the app's x402 code, settled on
 * chain); 9,900 synthetic ones around them make up a year of history. They are written straight into the
 * page's IndexedDB.
 *
 * Called by bench/run.ts as `benchHistory({ baseUrl, deployment })`, or alone:
 *   npx tsx bench/history.ts --base-url http://127.0.0.1:3000 [--state-dir devnet/.state]
 */
import { chromium, type Page } from "playwright-core";
import type { DevnetDeployment } from "../lib/devnet-deployment";
import type { StoredPayment } from "../lib/db/types";
import { readDevnetDeployment } from "../lib/server/app-config";
import { devAccount } from "../devnet/accounts";
import { checkPayments, summarizeChecks } from "../lib/history/verify";
import { chainAccessFor } from "../lib/history/chain-access";
import { networkOf, payMany, syntheticPayments } from "./history-payments";
import { chromiumLaunchPath } from "../scripts/browser/find-browser";

export interface HistoryBenchOptions {
  /** The app, e.g. http://127.0.0.1:3000 (a production build gives the meaningful figures). */
  baseUrl: string;
  /** The devnet the app uses; default: read from DEVNET_STATE_DIR (or devnet/.state). */
  deployment?: DevnetDeployment;
  executablePath?: string;
  /** Payments in the history (default 10,000), of which `verifyCount` real ones (default 100). */
  payments?: number;
  verifyCount?: number;
  /** Which devnet dev account pays (default 3: not the e2e test wallet). */
  payerAccount?: number;
  /** Repetitions per figure; the median is reported (default 5). */
  runs?: number;
  log?(line: string): void;
}

export interface HistoryBenchResult {
  payments: number;
  /** Making the real payments (paid requests, settled on chain). */
  createPaymentsMs: number;
  /** Navigation start to the first render with every payment (rows, totals) on screen: median. */
  renderMs: number;
  /** Of which: reading IndexedDB, deriving the rows and totals, rendering. */
  renderFromQueryMs: number;
  /** Of which: reading the first view from IndexedDB (the snapshot, the newer payments' keys, the newest records, the titles). */
  indexedDbReadMs: number;
  /** Navigation start to the page's first query (loading and starting the page, the same with no payments). */
  bootMs: number;
  /** The first visit after the payments were written: the snapshot built from every index key. */
  firstVisit: { renderMs: number; renderFromQueryMs: number };
  /** Navigation start to every record read and shown (in the background, after the first view): median. */
  completeMs: number;
  /** A filter change to the updated DOM (sync) and to the next frame: medians. */
  filter: Record<"model" | "status" | "search", { domMs: number; frameMs: number; shown: string }>;
  /** "Verify on chain" for the real payments in the page, to the summary on screen. */
  verifyPageMs: number;
  verifyPageSummary: string;
  /** checkPayments() for the same payments from Node. */
  verifyNodeMs: number;
  verifyNodeSummary: string;
}

const ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run",
];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (n: number) => Math.round(n * 10) / 10;

async function seed(page: Page, payments: StoredPayment[], conversations: { id: string; title: string }[]) {
  await page.evaluate(
    async ({ payments, conversations }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open("blockrun-chat");
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const tx = db.transaction(["payments", "conversations"], "readwrite");
      const now = Date.now();
      for (const c of conversations) {
        tx.objectStore("conversations").put({
          id: c.id, title: c.title, createdAt: now, updatedAt: now, networkId: "devnet", model: "openai/gpt-4o-mini",
          settings: { systemPrompt: "", maxTokens: 1024 }, draft: "",
        });
      }
      const store = tx.objectStore("payments");
      for (const p of payments) store.put(p);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { payments, conversations },
  );
}

async function measureRender(page: Page, url: string) {
  await page.goto(url);
  await page.locator('[data-testid="history"][data-ready="true"]').waitFor({ timeout: 60_000 });
  await page.getByTestId("history-row").first().waitFor();
  // Then every record read in the background (search, export and verify need them).
  await page.locator('[data-testid="history"][data-complete="true"]').waitFor({ timeout: 60_000 });
  return page.evaluate(() => {
    const at = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
    return {
      ready: at("history:ready"), query: at("history:query"), loaded: at("history:loaded"), complete: at("history:complete"),
      count: document.querySelector('[data-testid="history-count"]')?.textContent ?? "",
      marks: [
        ...performance.getEntriesByType("navigation").map((n) => {
          const t = n as PerformanceNavigationTiming;
          return `ttfb@${Math.round(t.responseStart)} html@${Math.round(t.responseEnd)} dcl@${Math.round(t.domContentLoadedEventEnd)}`;
        }),
        ...performance.getEntriesByType("mark").filter((m) => m.name.startsWith("history:")).map((m) => `${m.name}@${Math.round(m.startTime)}`),
      ].join(" "),
    };
  });
}

/** Changes one filter control in the page and times the update of the count line. */
function applyFilter(page: Page, kind: "Model" | "Status" | "Search", value: string) {
  return page.evaluate(
    async ({ kind, value }) => {
      const count = document.querySelector('[data-testid="history-count"]')!;
      const before = count.textContent;
      const label = [...document.querySelectorAll("label")].find((l) => l.querySelector("span")?.textContent === kind)!;
      const el = label.querySelector("select, input") as HTMLSelectElement | HTMLInputElement;
      const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
      const changed = new Promise<number>((resolve) => {
        const mo = new MutationObserver(() => {
          if (count.textContent !== before) {
            mo.disconnect();
            resolve(performance.now());
          }
        });
        mo.observe(count, { childList: true, subtree: true, characterData: true });
        setTimeout(() => (mo.disconnect(), resolve(NaN)), 10_000);
      });
      const t0 = performance.now();
      Object.getOwnPropertyDescriptor(proto, "value")!.set!.call(el, value);
      el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }));
      const dom = await changed;
      const frame = await new Promise<number>((r) => requestAnimationFrame(() => r(performance.now())));
      return { domMs: dom - t0, frameMs: frame - t0, shown: count.textContent ?? "" };
    },
    { kind, value },
  );
}

export async function benchHistory(opts: HistoryBenchOptions): Promise<HistoryBenchResult> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const deployment = opts.deployment ?? readDevnetDeployment();
  const network = networkOf(deployment);
  const total = opts.payments ?? 10_000;
  const verifyCount = opts.verifyCount ?? 100;
  const runs = opts.runs ?? 5;
  const payer = devAccount(opts.payerAccount ?? 3);
  const url = `${opts.baseUrl.replace(/\/$/, "")}/history`;

  log(`history: making ${verifyCount} real paid requests on the devnet…`);
  let t0 = performance.now();
  const real = await payMany({ network, privateKey: payer.privateKey, count: verifyCount, conversationId: "bench-real" });
  const createPaymentsMs = performance.now() - t0;
  const synthetic = syntheticPayments({ count: total - real.length, network, payer: payer.address });

  t0 = performance.now();
  const nodeChecks = await checkPayments(real, () => chainAccessFor(network));
  const verifyNodeMs = performance.now() - t0;
  const verifyNodeSummary = summarizeChecks(real, nodeChecks).text;

  const browser = await chromium.launch({ executablePath: opts.executablePath ?? chromiumLaunchPath(), args: ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    // tsx (esbuild, keepNames) wraps named functions in __name(); the functions sent to the page need it too.
    await context.addInitScript("globalThis.__name = (f) => f;");
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('[data-testid="history"][data-ready="true"]').waitFor({ timeout: 120_000 });
    await seed(page, [...real, ...synthetic], [
      { id: "bench-real", title: "Benchmark: real devnet payments" },
      ...Array.from({ length: 250 }, (_, i) => ({ id: `bench-conversation-${i}`, title: `Synthetic conversation ${i}` })),
    ]);

    // The first visit after the payments were written builds the history snapshot from every index key (and warms
    // the server's cache and the browser's); the visits after it read the snapshot.
    const firstVisit = await measureRender(page, url);
    const renders = [];
    for (let i = 0; i < runs; i++) renders.push(await measureRender(page, url));
    if (process.env.HISTORY_PROFILE) {
      // A CPU profile of one more load, for a look in DevTools (not a figure).
      const cdp = await context.newCDPSession(page);
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
      await cdp.send("Profiler.start");
      await measureRender(page, url);
      const { profile } = await cdp.send("Profiler.stop");
      (await import("node:fs")).writeFileSync(process.env.HISTORY_PROFILE, JSON.stringify(profile));
    }
    log(`history: ${renders[0].count}`);
    for (const r of renders) log(`history marks: ${r.marks}`);

    const filter = {} as HistoryBenchResult["filter"];
    const steps: ["model" | "status" | "search", "Model" | "Status" | "Search", string][] = [
      ["model", "Model", "anthropic/claude-sonnet-4"],
      ["status", "Status", "expired"],
      ["search", "Search", "synthetic conversation 17"],
    ];
    for (const [key, label, value] of steps) {
      const samples = [];
      // Each sample starts from a settled page (the chart's deferred render of the previous change done).
      const settle = () => page.evaluate(() => new Promise<void>((r) => requestIdleCallback(() => r(), { timeout: 2000 })));
      for (let i = 0; i < runs; i++) {
        await settle();
        samples.push(await applyFilter(page, label, value));
        await settle();
        await applyFilter(page, label, "");
      }
      filter[key] = { domMs: round(median(samples.map((s) => s.domMs))), frameMs: round(median(samples.map((s) => s.frameMs))), shown: samples[0].shown };
    }

    await applyFilter(page, "Search", "bench-real");
    const verify = await page.evaluate(async () => {
      const button = [...document.querySelectorAll("button")].find((b) => b.textContent === "Verify on chain")!;
      const t0 = performance.now();
      button.click();
      await new Promise<void>((resolve) => {
        const tick = () => (document.querySelector('[data-testid="history-summary"]') ? resolve() : requestAnimationFrame(tick));
        tick();
      });
      return { ms: performance.now() - t0, summary: document.querySelector('[data-testid="history-summary"]')!.textContent ?? "" };
    });

    return {
      payments: total,
      createPaymentsMs: Math.round(createPaymentsMs),
      renderMs: round(median(renders.map((r) => r.ready))),
      renderFromQueryMs: round(median(renders.map((r) => r.ready - r.query))),
      indexedDbReadMs: round(median(renders.map((r) => r.loaded - r.query))),
      bootMs: round(median(renders.map((r) => r.query))),
      firstVisit: { renderMs: round(firstVisit.ready), renderFromQueryMs: round(firstVisit.ready - firstVisit.query) },
      completeMs: round(median(renders.map((r) => r.complete))),
      filter,
      verifyPageMs: round(verify.ms),
      verifyPageSummary: verify.summary,
      verifyNodeMs: round(verifyNodeMs),
      verifyNodeSummary,
    };
  } finally {
    await browser.close();
  }
}

export function formatHistoryBench(r: HistoryBenchResult): string {
  const f = r.filter;
  return [
    `history page, ${r.payments.toLocaleString("en-US")} payments:`,
    `  the page's own time, its first query -> rows and totals on screen   ${r.renderFromQueryMs} ms   (goal < 300 ms)`,
    `    reading IndexedDB (the snapshot, the newer payments' keys, the newest rows) ${r.indexedDbReadMs} ms`,
    `    navigation start -> rows and totals on screen ${r.renderMs} ms, of which loading and starting the page ${r.bootMs} ms (as with no payments)`,
    `  first visit after the payments were written (snapshot built from every index key): ${r.firstVisit.renderFromQueryMs} ms from its first query, ${r.firstVisit.renderMs} ms from navigation start`,
    `  every record read in the background (search, export, verify ready)   ${r.completeMs} ms after navigation start`,
    `  filter by model   ${f.model.domMs} ms to DOM, ${f.model.frameMs} ms to next frame   (goal < 100 ms)   ${f.model.shown}`,
    `  filter by status  ${f.status.domMs} ms to DOM, ${f.status.frameMs} ms to next frame   ${f.status.shown}`,
    `  search            ${f.search.domMs} ms to DOM, ${f.search.frameMs} ms to next frame   ${f.search.shown}`,
    `on-chain verification of 100 real devnet payments (goal < 2 s):`,
    `  in the page   ${r.verifyPageMs} ms   ${r.verifyPageSummary}`,
    `  from Node     ${r.verifyNodeMs} ms   ${r.verifyNodeSummary}`,
    `  (making them: ${r.createPaymentsMs} ms of paid requests)`,
  ].join("\n");
}

const isMain = process.argv[1] && /bench[\\/]history\.ts$/.test(process.argv[1]);
if (isMain) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const stateDir = arg("--state-dir");
  const deployment = readDevnetDeployment(stateDir ? { ...process.env, DEVNET_STATE_DIR: stateDir } : process.env);
  const result = await benchHistory({ baseUrl: arg("--base-url") ?? "http://127.0.0.1:3000", deployment });
  console.log(formatHistoryBench(result));
}
