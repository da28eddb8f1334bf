/**
 * Issue 8's figure: the same paid message through the app and through BlockRun's own SDK (@blockrun/llm), with the
 * devnet as chain 84532 (the SDK signs only for real networks) and 100 ms of round-trip latency added between
 * client and gateway by a local delaying proxy (50 ms each way, on every request and every response chunk).
 * Time from the decision to pay (the SDK call / the "Pay and send" click) to the first token; median of 10 each.
 * The app has its quote before Send (the composer's price); the SDK asks for it after the call (two round trips).
 * Each SDK call uses a fresh client, so its pre-auth cache (which reuses an earlier 402) does not apply.
 *
 * Run by bench/run.ts in its own process (the test wallet reads the devnet from E2E_STATE_DIR at import).
 * Prints one JSON line: {app: number[], sdk: number[]}.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium } from "@playwright/test";
import { startWorld } from "../devnet/world";
import { devAccount } from "../devnet/accounts";
import { DEPLOYMENT_FILE } from "../lib/devnet-deployment";
import { TestWallet } from "../tests/fixtures/test-wallet";
import { connectWallet } from "../tests/fixtures/connect-wallet";

const RPC = 48565, GW = 48422, APP = 43020;
const ONE_WAY_MS = 50;
const RUNS = 10;
const STATE = path.resolve(process.env.E2E_STATE_DIR || "bench/results/devnet-state-84532");
const PROMPT = "Benchmark: in one sentence, what is a lighthouse?";
const MAX_TOKENS = 1024; // the app's default setting, sent by both

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An HTTP proxy that delays each direction by ONE_WAY_MS, chunk by chunk, keeping order. */
function startDelayProxy(target: string): Promise<{ url: string; close(): void }> {
  const t = new URL(target);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      setTimeout(() => {
        const up = http.request(
          { host: t.hostname, port: t.port, method: req.method, path: req.url, headers: { ...req.headers, host: t.host } },
          (ur) => {
            setTimeout(() => {
              res.writeHead(ur.statusCode ?? 502, ur.headers);
              res.flushHeaders();
              ur.on("data", (c: Buffer) => setTimeout(() => res.write(c), ONE_WAY_MS));
              ur.on("end", () => setTimeout(() => res.end(), ONE_WAY_MS));
            }, ONE_WAY_MS);
          },
        );
        up.on("error", () => res.destroy());
        up.end(Buffer.concat(chunks));
      }, ONE_WAY_MS);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() })),
  );
}

const world = await startWorld({ rpcPort: RPC, gatewayPort: GW, chainId: 84532, stateDir: STATE, tokensPerSecond: 0 });
const proxy = await startDelayProxy(world.gateway.url.replace(/\/api$/, ""));
const proxied = `${proxy.url}/api`;
// The app reaches the gateway through the proxy: point its deployment file there.
const file = path.join(STATE, DEPLOYMENT_FILE);
writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), gatewayUrl: proxied }, null, 2));

const nextBin = path.join(path.dirname(createRequire(import.meta.url).resolve("next/package.json")), "dist/bin/next");
const env = { ...process.env, DEVNET_STATE_DIR: STATE, APP_NETWORKS: "devnet", NEXT_TELEMETRY_DISABLED: "1" };
const app = spawn(process.execPath, [nextBin, "start", "-p", String(APP), "-H", "127.0.0.1"], { env, stdio: "ignore" });
const base = `http://127.0.0.1:${APP}`;
try {
  for (let i = 0; i < 300 && !(await fetch(base).then((r) => r.ok, () => false)); i++) await sleep(100);
  const sdk = await measureSdk();
  const appTimes = await measureApp();
  console.log(JSON.stringify({ app: appTimes, sdk }));
} finally {
  app.kill("SIGTERM");
  proxy.close();
  await world.stop();
}

async function measureSdk(): Promise<number[]> {
  const { LLMClient } = await import("@blockrun/llm");
  const key = devAccount(3).privateKey;
  const times: number[] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const client = new LLMClient({ privateKey: key, apiUrl: proxied });
    const t0 = performance.now();
    const res = await client.chatCompletionStream("openai/gpt-4o-mini", [{ role: "user", content: `${PROMPT} (${i})` }], { maxTokens: MAX_TOKENS });
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let buf = "";
    let first: number | undefined;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      if (first === undefined && /"content":"[^"]/.test(buf)) first = performance.now();
    }
    if (first === undefined) throw new Error("the SDK's stream carried no content");
    if (i >= 2) times.push(first - t0); // two warm-ups
  }
  return times;
}

async function measureApp(): Promise<number[]> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await browser.newPage({ baseURL: base });
    await page.addInitScript("globalThis.__name = globalThis.__name || ((f) => f);");
    const wallet = new TestWallet({ privateKey: devAccount(4).privateKey });
    await wallet.install(page);
    await page.goto("/");
    await connectWallet(page);
    await page.getByRole("combobox", { name: "Model" }).click();
    await page.getByRole("option", { name: /GPT-4o mini/i }).first().click();
    const times: number[] = [];
    for (let i = 0; i < RUNS + 2; i++) {
      await page.getByRole("textbox", { name: "Message" }).fill(`${PROMPT} (${i})`);
      await page.getByTestId("composer-price").filter({ hasText: "USDC" }).waitFor();
      await page.getByRole("button", { name: "Send" }).click();
      const replies = page.getByTestId("message-assistant");
      const n = await replies.count();
      const pay = page.getByRole("dialog", { name: "Confirm payment" }).getByRole("button", { name: "Pay and send" });
      await pay.waitFor();
      // Stamp the click and the first token in the page's own clock.
      await page.evaluate((count) => {
        const w = window as unknown as { __clicked?: number; __firstToken?: number };
        w.__clicked = undefined;
        w.__firstToken = undefined;
        document.addEventListener("click", () => (w.__clicked ??= performance.now()), { capture: true, once: true });
        const obs = new MutationObserver(() => {
          const all = document.querySelectorAll('[data-testid="message-assistant"]');
          if (all.length > count && all[count].textContent?.includes("You said")) {
            w.__firstToken = performance.now();
            obs.disconnect();
          }
        });
        obs.observe(document.body, { subtree: true, childList: true, characterData: true });
      }, n);
      await pay.click();
      await page.waitForFunction(() => (window as unknown as { __firstToken?: number }).__firstToken);
      const t = await page.evaluate(() => {
        const w = window as unknown as { __clicked: number; __firstToken: number };
        return w.__firstToken - w.__clicked;
      });
      if (i >= 2) times.push(t);
      await replies.nth(n).getByTestId("usage-panel").waitFor();
    }
    return times;
  } finally {
    await browser.close();
  }
}
