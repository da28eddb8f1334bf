/** The chat page's server-read catalog: through the route's code, kept a minute, never holding the render up. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogForFirstRender } from "@/lib/server/catalog";
import { devnetNetwork, type ServerNetwork } from "@/lib/networks";

let upstream: Server;
let base = "";
let hits = 0;
let delayMs = 0;
let status = 200;
const CATALOG = { object: "list", data: [{ id: "openai/gpt-4o-mini", name: "GPT-4o mini", owned_by: "openai", billing_mode: "paid", pricing: { input: 0.15, output: 0.6 }, context_window: 128000, max_output: 16384 }] };

beforeAll(async () => {
  upstream = createServer((_req, res) => {
    hits++;
    setTimeout(() => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(status === 200 ? CATALOG : { error: { message: "down" } }));
    }, delayMs);
  });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/api`;
});
afterAll(() => {
  upstream.closeAllConnections();
  upstream.close();
});

/** A network of its own id per test: the cache is per network. */
const finder = (id: string) => (asked: string): ServerNetwork | undefined =>
  asked === id ? { ...devnetNetwork({ chainId: 31337, rpcUrl: "http://127.0.0.1:1", gatewayUrl: base, usdc: { address: "0x0000000000000000000000000000000000000001", name: "USD Coin", version: "2", decimals: 6 }, payTo: "0x0000000000000000000000000000000000000002" }), id: id as "devnet" } : undefined;

describe("catalogForFirstRender", () => {
  it("reads the catalog through the route's code and the reader, then answers from memory", async () => {
    hits = 0; delayMs = 0; status = 200;
    const first = await catalogForFirstRender("n1", finder("n1"));
    expect(first?.models.map((m) => [m.id, m.pricing.input])).toEqual([["openai/gpt-4o-mini", 0.15]]);
    const again = await catalogForFirstRender("n1", finder("n1"));
    expect(again).toBe(first);
    expect(hits).toBe(1);
  });

  it("does not hold the render for a slow gateway, and has it for the next one", async () => {
    hits = 0; delayMs = 900; status = 200;
    // Undefined: it gave up before the answer came (it would have the catalog had it waited).
    expect(await catalogForFirstRender("n2", finder("n2"))).toBeUndefined();
    await new Promise((r) => setTimeout(r, 1000));
    expect((await catalogForFirstRender("n2", finder("n2")))?.models).toHaveLength(1);
    expect(hits).toBe(1);
  });

  it("gives nothing (the browser asks) when the gateway refuses or the network is unknown", async () => {
    hits = 0; delayMs = 0; status = 503;
    expect(await catalogForFirstRender("n3", finder("n3"))).toBeUndefined();
    expect(await catalogForFirstRender("n4", () => undefined)).toBeUndefined();
  });
});
