/**
 * `npm run bench`: prints figures, asserts none (machines here are shared; compare within one run).
 *   1. devnet cold start to ready
 *   2. gateway: unpaid 402s per second with p50/p99 at 1 and 32 concurrent; paid (verify + settle) per second
 *   3. first-load JavaScript of / and /history as the browser receives it (bench/first-load.ts), the five
 *      largest chunks of each, and the time to interactive of /
 *   4. the client's own time in a paid message (signature -> first token on screen, minus the gateway's time),
 *      and the network round trips after the signature
 *   5. the spend history with 10,000 payments (bench/history.ts)
 *   6. the same paid message through the app and through BlockRun's SDK, 100 ms RTT added (bench/app-vs-sdk.ts)
 *   7. the guard + reservation step before the wallet, at 10,000 stored payments (bench/reserve.ts)
 *   8. the model picker's price table for 20 models, per keystroke while typing (bench/estimate.ts)
 *   9. quick pay: last click -> first token, session-signed against wallet-signed (bench/quick-pay.ts)
 * BENCH_SKIP_BUILD=1 reuses the last `next build`. BENCH_ONLY picks sections by name, comma separated (coldstart, gateway,
 * firstload, client, history, sdk, reserve, estimate, quickpay), e.g. BENCH_ONLY=firstload,history. Ports (to run beside tests and other benches):
 * BENCH_RPC_PORT, BENCH_GATEWAY_PORT, BENCH_APP_PORT, BENCH_LOADTEST_RPC_PORT.
 * BENCH_CLIENT_SAMPLES: measured sends in section 4 (default 12, after two warm-ups); BENCH_TRACE=file.json records a
 * Chrome trace with V8's CPU samples of its last BENCH_TRACE_SENDS sends (default 1; main-thread tasks between the
 * signature and the first token). Build with BROWSER_SOURCE_MAPS=1 to map the samples to the source.
 */
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium } from "@playwright/test";
import { startWorld } from "../devnet/world";
import { devAccount } from "../devnet/accounts";
import { TestWallet } from "../tests/fixtures/test-wallet";
import { connectWallet } from "../tests/fixtures/connect-wallet";
import { benchHistory, formatHistoryBench } from "./history";
import { benchReserve } from "./reserve";
import { formatFirstLoad, measureFirstLoad, measureInteractive } from "./first-load";
import { benchEstimate } from "./estimate";
import { chromiumLaunchPath } from "../scripts/browser/find-browser";
import { benchQuickPay } from "./quick-pay";

const port = (name: string, fallback: number) => Number(process.env[name] || fallback);
const RPC = port("BENCH_RPC_PORT", 48545), GW = port("BENCH_GATEWAY_PORT", 48402), APP = port("BENCH_APP_PORT", 43000);
const LOADTEST_RPC = port("BENCH_LOADTEST_RPC_PORT", 18645);
const BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
// The test wallet fixture reads the devnet from E2E_STATE_DIR; package.json's bench script sets it to this.
const STATE = path.resolve(process.env.E2E_STATE_DIR || "bench/results/devnet-state");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(1)} ms`;
const out: string[] = [];
const say = (l: string) => { console.log(l); out.push(l); };
const only = process.env.BENCH_ONLY?.split(",").map((x) => x.trim()).filter(Boolean);
const wants = (section: string) => !only || only.includes(section);

// 1. Cold start.
const starts: number[] = [];
for (let i = 0; i < (wants("coldstart") ? 3 : 0); i++) {
  const t0 = performance.now();
  const w = await startWorld({ rpcPort: RPC, gatewayPort: GW });
  starts.push(performance.now() - t0);
  await w.stop();
}
if (starts.length) say(`devnet cold start to ready: median ${ms(median(starts))} of ${starts.map((s) => Math.round(s)).join(", ")} ms (goal < 3000 ms)`);

// 2. Gateway throughput (server and load generator in separate processes).
for (const concurrency of wants("gateway") ? [1, 32] : []) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "devnet/gateway/loadtest.ts", "--seconds", "3", "--concurrency", String(concurrency), "--paid", concurrency === 1 ? "200" : "1200", "--rpc-port", String(LOADTEST_RPC)], { encoding: "utf8" });
  const json = r.stdout.slice(r.stdout.indexOf("{"));
  try {
    const { results } = JSON.parse(json) as { results: { name: string; perSecond: number; p50ms: number; p99ms: number; gatewayCpuMsPerRequest?: number }[] };
    for (const x of results) {
      const cpu = x.gatewayCpuMsPerRequest === undefined ? "" : `, gateway CPU ${x.gatewayCpuMsPerRequest} ms per request (signature checked once)`;
      say(`gateway, ${concurrency} concurrent, ${x.name}: ${x.perSecond}/s, p50 ${x.p50ms} ms, p99 ${x.p99ms} ms${cpu}`);
    }
  } catch {
    say(`gateway load test at ${concurrency} failed: ${r.stderr.slice(-400)}`);
  }
}
if (wants("gateway")) say(`(goals: 2,000 unpaid 402/s; 100 paid/s)`);

// 3-5 need the app on a running world.
if (wants("firstload") || wants("client") || wants("history")) {
const world = await startWorld({ rpcPort: RPC, gatewayPort: GW, stateDir: STATE, tokensPerSecond: 0 });
const nextBin = path.join(path.dirname(createRequire(import.meta.url).resolve("next/package.json")), "dist/bin/next");
const env = { ...process.env, DEVNET_STATE_DIR: STATE, APP_NETWORKS: "devnet", NEXT_TELEMETRY_DISABLED: "1" };
if (!process.env.BENCH_SKIP_BUILD) {
  const b = spawnSync(process.execPath, [nextBin, "build"], { env, stdio: "inherit" });
  if (b.status !== 0) throw new Error("next build failed");
}
const app = spawn(process.execPath, [nextBin, "start", "-p", String(APP), "-H", "127.0.0.1"], { env, stdio: "ignore" });
const base = `http://127.0.0.1:${APP}`;
try {
  for (let i = 0; i < 200; i++) {
    if (await fetch(base).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }

  // 3. First-load JS per page, and time to interactive of the chat page.
  if (wants("firstload")) await benchFirstLoad(base).catch((e: Error) => say(`first-load JS: not measured (${e.message.split("\n")[0]})`));

  // 4. Client time in a paid message, in Chromium with the injected test wallet.
  if (wants("client")) await benchClientTime(base).catch((e: Error) => say(`client time in a paid message: not measured (${e.message.split("\n")[0]})`));

  // 9. Quick pay against the wallet-signed path (on this world).
  if (wants("quickpay")) await benchQuickPay(base, say).catch((e: Error) => say(`quick pay: not measured (${e.message.split("\n")[0]})`));

  // 5. Spend history.
  if (wants("history")) say(formatHistoryBench(await benchHistory({ baseUrl: base, deployment: world.deployment, log: process.env.BENCH_VERBOSE ? console.log : () => {} })));
} finally {
  app.kill("SIGTERM");
  await world.stop();
}
}
// 6. App vs BlockRun's SDK (its own process and world: chain 84532 behind a delaying proxy). Fails soft.
if (wants("sdk")) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "bench/app-vs-sdk.ts"], {
    encoding: "utf8",
    env: { ...process.env, E2E_STATE_DIR: path.resolve("bench/results/devnet-state-84532") },
    timeout: 15 * 60_000,
  });
  const line = r.stdout.split("\n").find((l) => l.startsWith('{"app"'));
  if (line) {
    const { app: a, sdk } = JSON.parse(line) as { app: number[]; sdk: number[] };
    const ma = median(a), msdk = median(sdk);
    say(`decision to pay -> first token, 100 ms RTT, median of ${a.length}: app ${ms(ma)} [${a.map((x) => x.toFixed(0)).join(", ")}]`);
    say(`  @blockrun/llm SDK ${ms(msdk)} [${sdk.map((x) => x.toFixed(0)).join(", ")}]; ratio app/SDK ${(ma / msdk).toFixed(2)}x (goal <= 0.6x)`);
  } else {
    say(`app vs SDK: not measured (${(r.error?.message ?? r.stderr.trim().split("\n").slice(-3).join(" | ")).slice(0, 300)})`);
  }
}

// 7. Guard + reservation at 10,000 stored payments (its own blank page).
if (wants("reserve")) for (const l of await benchReserve(chromiumLaunchPath())) say(l);

// 8. The picker's price table while typing (no world needed).
if (wants("estimate")) for (const line of await benchEstimate()) say(line);

console.log("\n" + out.join("\n"));

async function benchFirstLoad(base: string) {
  const browser = await chromium.launch({ executablePath: chromiumLaunchPath(), args: BROWSER_ARGS });
  try {
    await measureFirstLoad(browser, base, "/"); // warm the server
    for (const [p, goal] of [["/", 250], ["/history", 300]] as const) {
      for (const line of formatFirstLoad(await measureFirstLoad(browser, base, p), goal)) say(line);
    }
    const tti = await measureInteractive(browser, base, 5);
    say(`time to interactive of / (navigation start -> message box and model picker usable): median ${ms(median(tti.map((t) => t.ms)))} ` +
      `of [${tti.map((t) => t.ms.toFixed(0)).join(", ")}], total blocking time median ${ms(median(tti.map((t) => t.totalBlockingMs)))}`);
  } finally {
    await browser.close();
  }
}

async function benchClientTime(base: string) {
  const browser = await chromium.launch({ executablePath: chromiumLaunchPath(), args: BROWSER_ARGS });
  const page = await browser.newPage({ baseURL: base });
  // tsx (esbuild) wraps functions in __name(); the wallet's init script is such a function, serialized into the page.
  await page.addInitScript("globalThis.__name = globalThis.__name || ((f) => f);");
  const wallet = new TestWallet({ privateKey: devAccount(4).privateKey });
  await wallet.install(page);
  await page.goto("/");
  await connectWallet(page);
  // The signature's arrival in the page (the wallet's own signing time and its bridge are not the client's): the
  // provider looks the bridge up at each call, so wrapping it stamps when a typed-data signature comes back.
  await page.evaluate(() => {
    const w = window as unknown as { __testWalletRequest(r: { method: string }): Promise<unknown>; __signedAt?: number };
    const bridge = w.__testWalletRequest;
    w.__testWalletRequest = async (r) => {
      const reply = await bridge(r);
      if (r.method === "eth_signTypedData_v4") w.__signedAt = performance.timeOrigin + performance.now();
      return reply;
    };
  });
  const clientMs: number[] = [], gatewayMs: number[] = [], trips: number[] = [], walletMs: number[] = [];
  const phases: Record<string, number[]> = {};
  // 12 measured sends after 2 warm-ups: the median of a handful moved by several ms between runs.
  const samples = Number(process.env.BENCH_CLIENT_SAMPLES || 12);
  for (let i = 0; i < samples + 2; i++) {
    const requests: { url: string; at: number }[] = [];
    const onReq = (r: { url(): string }) => requests.push({ url: r.url(), at: Date.now() });
    await page.getByRole("textbox", { name: "Message" }).fill(`Benchmark message ${i}: say hi.`);
    await page.getByTestId("composer-price").filter({ hasText: "USDC" }).waitFor();
    await page.getByRole("button", { name: "Send" }).click();
    const replies = page.getByTestId("message-assistant");
    const n = await replies.count();
    // First token on screen, stamped in the page's own clock (epoch ms).
    await page.evaluate((count) => {
      const w = window as unknown as { __firstToken?: number };
      w.__firstToken = undefined;
      const obs = new MutationObserver(() => {
        const all = document.querySelectorAll('[data-testid="message-assistant"]');
        if (all.length > count && all[count].textContent?.includes("You said")) {
          w.__firstToken = performance.timeOrigin + performance.now();
          obs.disconnect();
        }
      });
      obs.observe(document.body, { subtree: true, childList: true, characterData: true });
    }, n);
    page.on("request", onReq);
    // The last BENCH_TRACE_SENDS sends (default 1) in one trace, with V8's CPU samples.
    const traceFrom = samples + 2 - Math.max(1, Number(process.env.BENCH_TRACE_SENDS || 1));
    if (process.env.BENCH_TRACE && i === traceFrom) await browser.startTracing(page, { path: process.env.BENCH_TRACE, categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing", "toplevel", "v8.execute", "blink", "loading", "netlog", "navigation", "disabled-by-default-v8.cpu_profiler"] });
    const tracing = process.env.BENCH_TRACE && i === samples + 1;
    const paid = page.waitForResponse((r) => r.url().includes("/v1/chat/completions") && r.status() === 200);
    await page.getByRole("dialog", { name: "Confirm payment" }).getByRole("button", { name: "Pay and send" }).click();
    const res = await paid;
    await page.waitForFunction(() => (window as unknown as { __firstToken?: number }).__firstToken);
    page.off("request", onReq);
    if (tracing) await browser.stopTracing();
    const first = await page.evaluate(() => (window as unknown as { __firstToken: number }).__firstToken);
    const askedAt = wallet.signatureRequests.at(-1)!.at.getTime(); // the wallet was asked (before it signed)
    const signedAt = await page.evaluate(() => (window as unknown as { __signedAt: number }).__signedAt);
    const t = res.request().timing();
    const gateway = t.responseStart; // request sent -> response headers (our route + gateway: verify, settle)
    const after = requests.filter((r) => r.at >= askedAt && !r.url.startsWith("data:"));
    // The app's own marks (lib/chat/send: send:*), relative to the signature's arrival, for the breakdown.
    const marks = await page.evaluate(() => performance.getEntriesByType("mark").filter((m) => m.name.startsWith("send:"))
      .map((m) => ({ name: m.name, at: performance.timeOrigin + m.startTime })));
    const lastOf = new Map(marks.map((m) => [m.name, m.at]));
    await page.evaluate((names) => names.forEach((n) => performance.clearMarks(n)), [...lastOf.keys()]);
    if (i >= 2) { // the first two warm up
      walletMs.push(signedAt - askedAt);
      for (const [name, at] of lastOf) (phases[name] ??= []).push(at - signedAt);
      (phases["request sent"] ??= []).push(t.startTime - signedAt);
      (phases["response headers"] ??= []).push(t.startTime + t.responseStart - signedAt);
      (phases["first token on screen"] ??= []).push(first - signedAt);
      clientMs.push(first - signedAt - gateway);
      gatewayMs.push(gateway);
      trips.push(after.filter((r) => r.url.startsWith(base)).length);
    }
    await replies.nth(n).getByTestId("usage-panel").waitFor();
  }
  await browser.close();
  say(`paid message, client's own time (signature -> first token on screen, minus the gateway's ${ms(median(gatewayMs))}): median ${ms(median(clientMs))} of [${clientMs.map((x) => x.toFixed(0)).join(", ")}] (goal < 20 ms)`);
  say(`  (the wallet's signing and its bridge, outside that figure: median ${ms(median(walletMs))}; ` +
    `after the signature reached the page, medians: ${Object.entries(phases).sort((a, b) => median(a[1]) - median(b[1])).map(([k, v]) => `${k} ${ms(median(v))}`).join(", ")})`);
  say(`network round trips after the signature: ${[...new Set(trips)].join(", ")} (goal: one)`);
}
