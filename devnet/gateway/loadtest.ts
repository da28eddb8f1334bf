/**
 * Load test for the gateway: `npx tsx devnet/gateway/loadtest.ts [--seconds 5] [--concurrency 64]`.
 *
 * Starts a chain and the gateway in a child process (so server and load generator each get a core), then measures
 * unpaid 402s per second (same body, and a fresh body per request) and paid, settled requests per second
 * (payloads pre-signed with @x402/evm, so signing is not timed). Prints one JSON line of figures, with the
 * gateway process's own CPU time per paid request (a figure that other load on a shared machine disturbs less
 * than requests per second).
 */
import { spawn } from "node:child_process";
import http from "node:http";
import { fileURLToPath } from "node:url";
import { privateKeyToAccount } from "viem/accounts";
import { x402Client, x402HTTPClient } from "@x402/core/client";
import { decodePaymentRequiredHeader } from "@x402/core/http";
import { ExactEvmScheme } from "@x402/evm/exact/client";

const self = fileURLToPath(import.meta.url);
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};

if (process.argv.includes("--serve")) {
  const { startChain } = await import("../chain/start-chain");
  const { startGateway } = await import("./server");
  const chain = await startChain({ port: arg("rpc-port", 18_645), chainId: 31337 });
  const gw = await startGateway({
    port: 0, rpcUrl: chain.rpcUrl, chainId: 31337, usdc: chain.usdc, payTo: chain.payTo,
    facilitatorPrivateKey: chain.facilitatorKey, faucetPrivateKey: chain.faucetKey, tokensPerSecond: 0,
  });
  process.stdout.write(JSON.stringify({ url: gw.url, rpcUrl: chain.rpcUrl, usdc: chain.usdc.address, keys: chain.fundedAccounts.map((a) => a.privateKey) }) + "\n");
  // The load generator asks for this process's CPU time around a run.
  process.on("message", () => process.send?.(process.cpuUsage()));
  const stop = async () => { await gw.close(); await chain.stop(); process.exit(0); };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
} else {
  const prof = process.argv.includes("--prof") ? ["--cpu-prof", "--cpu-prof-dir=/tmp/gateway-prof"] : [];
  const child = spawn(process.execPath, [...prof, ...process.execArgv, self, "--serve", "--rpc-port", String(arg("rpc-port", 18_645))], { stdio: ["ignore", "pipe", "inherit", "ipc"] });
  /** The gateway process's CPU time (user + system), in ms. */
  const gatewayCpuMs = () =>
    new Promise<number>((resolve) => {
      child.once("message", (u) => resolve(((u as NodeJS.CpuUsage).user + (u as NodeJS.CpuUsage).system) / 1000));
      child.send("cpu");
    });
  const info = await new Promise<{ url: string; usdc: `0x${string}`; keys: `0x${string}`[] }>((resolve, reject) => {
    let buf = "";
    child.stdout!.on("data", (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf("\n");
      if (nl !== -1) resolve(JSON.parse(buf.slice(0, nl)));
    });
    child.once("exit", (c) => reject(new Error(`gateway exited ${c}`)));
  });
  const chatUrl = new URL(`${info.url}/v1/chat/completions`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const concurrency = arg("concurrency", 64);
  const seconds = arg("seconds", 5);

  const post = (body: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
      const req = http.request(
        { host: chatUrl.hostname, port: chatUrl.port, path: chatUrl.pathname, method: "POST", agent,
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers } },
        (res) => { res.resume(); res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers })); },
      );
      req.on("error", reject);
      req.end(body);
    });

  const body = (i: number | string, maxTokens = 256) =>
    JSON.stringify({ model: "openai/gpt-4o-mini", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: `Question number ${i}: what is the capital of France?` }], max_tokens: maxTokens });

  async function run(name: string, next: (i: number) => [string, Record<string, string>] | undefined, expect: number, limitMs: number) {
    let i = 0, ok = 0, bad = 0;
    const lat: number[] = [];
    const t0 = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (performance.now() - t0 < limitMs) {
        const job = next(i++);
        if (!job) return;
        const s = performance.now();
        const r = await post(job[0], job[1]);
        lat.push(performance.now() - s);
        if (r.status === expect) ok++; else bad++;
      }
    }));
    const secs = (performance.now() - t0) / 1000;
    lat.sort((a, b) => a - b);
    const q = (p: number) => Math.round(lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] * 10) / 10;
    return { name, requests: ok + bad, ok, bad, perSecond: Math.round(ok / secs), p50ms: q(0.5), p99ms: q(0.99) };
  }

  const results = [];
  // Warm up.
  await run("warmup", (i) => [body(`w${i % 50}`), {}], 402, 1000);
  const same = body("same");
  if (!process.argv.includes("--paid-only")) {
    results.push(await run("unpaid 402, same body", () => [same, {}], 402, seconds * 1000));
    results.push(await run("unpaid 402, fresh body each", (i) => [body(`fresh-${i}`), {}], 402, seconds * 1000));
  }

  // Paid: pre-sign payloads from the funded accounts, for one body (each payload has its own random nonce).
  const paidBody = body("paid", 64);
  const r = await post(paidBody);
  const pr = await new Promise<ReturnType<typeof decodePaymentRequiredHeader>>((resolve) => resolve(decodePaymentRequiredHeader(r.headers["payment-required"] as string)));
  const clients = info.keys.map((k) => {
    const c = new x402Client().register("eip155:31337", new ExactEvmScheme(privateKeyToAccount(k)));
    c.setSpendControls(false);
    return new x402HTTPClient(c);
  });
  const nPaid = arg("paid", 1500);
  const signed: Record<string, string>[] = [];
  for (let i = 0; i < nPaid; i++) {
    const c = clients[i % clients.length];
    signed.push(c.encodePaymentSignatureHeader(await c.createPaymentPayload(pr)));
  }
  const cpu0 = await gatewayCpuMs();
  const paid = await run("paid + settled", (i) => (i < signed.length ? [paidBody, signed[i]] : undefined), 200, seconds * 1000 * 2);
  const cpu = (await gatewayCpuMs()) - cpu0;
  results.push({ ...paid, gatewayCpuMsPerRequest: paid.requests ? Math.round((cpu / paid.requests) * 10) / 10 : null });

  console.log(JSON.stringify({ concurrency, results }, null, 1));
  child.disconnect();
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  agent.destroy();
}
