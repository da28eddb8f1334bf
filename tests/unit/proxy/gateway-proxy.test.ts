import { gatewayErrorFrom } from "@/lib/blockrun/errors";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { proxyToGateway } from "@/lib/server/gateway-proxy";
import { FAUCET_CAP, faucetMethodNotAllowed, requestDevnetFaucet } from "@/lib/server/gateway-proxy-faucet";
import { BASE_SEPOLIA, devnetNetwork, type ServerNetwork } from "@/lib/networks";

/** A stand-in gateway that records what reached it and answers per path. */
let upstream: Server;
let seen: { method: string; url: string; headers: IncomingMessage["headers"]; body: string }[] = [];
let handler: (req: IncomingMessage, res: ServerResponse, body: string) => void = () => {};

function network(gatewayUrl: string): ServerNetwork {
  return devnetNetwork({
    chainId: 31337,
    rpcUrl: "http://127.0.0.1:1",
    gatewayUrl,
    usdc: { address: "0x0000000000000000000000000000000000000001", name: "USD Coin", version: "2", decimals: 6 },
    payTo: "0x0000000000000000000000000000000000000002",
  });
}
let devnet: ServerNetwork;
const find = (id: string) => (id === "devnet" ? devnet : undefined);

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
  devnet = network(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}/api`);
});
afterAll(() => {
  upstream.closeAllConnections();
  return new Promise<void>((r) => upstream.close(() => r()));
});

const req = (path: string, init: RequestInit = {}) => new Request(`http://app.local/api/gateway/devnet/${path}`, init);
const params = (path: string, net = "devnet") => ({ network: net, path: path.split("/") });

describe("gateway pass-through", () => {
  it("refuses unknown networks and paths with a 404 JSON error, without calling the gateway", async () => {
    seen = [];
    for (const [net, path] of [["mainnet", "v1/models"], ["devnet", "v1/embeddings"], ["devnet", "__devnet/faucet"], ["devnet", "v1/../__devnet/faucet"]]) {
      const res = await proxyToGateway(req(path), params(path, net), { findNetwork: find });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: "not_found", message: expect.any(String) });
    }
    expect(seen).toHaveLength(0);
  });

  it("answers 405 for the wrong method and 204 for OPTIONS", async () => {
    const wrong = await proxyToGateway(req("v1/models", { method: "POST", body: "{}" }), params("v1/models"), { findNetwork: find });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toContain("GET");
    const options = await proxyToGateway(req("v1/chat/completions", { method: "OPTIONS" }), params("v1/chat/completions"), { findNetwork: find });
    expect(options.status).toBe(204);
  });

  it("forwards the body unchanged with the payment headers only, and returns the x402 headers", async () => {
    seen = [];
    handler = (_req, res) => {
      res.writeHead(402, {
        "content-type": "application/json",
        "payment-required": "eyJ4NDAyVmVyc2lvbiI6Mn0=",
        "x-payment-required": "eyJ4NDAyVmVyc2lvbiI6Mn0=",
        "www-authenticate": 'X402 requirements="eyJ4NDAyVmVyc2lvbiI6Mn0="',
        "x-internal-secret": "do-not-leak",
        "set-cookie": "a=b",
      });
      res.end(JSON.stringify({ error: "Payment Required" }));
    };
    const body = JSON.stringify({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "héllo" }], max_tokens: 64 });
    const res = await proxyToGateway(
      req("v1/chat/completions", {
        method: "POST",
        body,
        headers: { "content-type": "application/json", "payment-signature": "c2ln", "x-payment": "c2ln", cookie: "session=1", authorization: "Bearer x" },
      }),
      params("v1/chat/completions"),
      { findNetwork: find },
    );
    expect(res.status).toBe(402);
    expect(res.headers.get("payment-required")).toBe("eyJ4NDAyVmVyc2lvbiI6Mn0=");
    expect(res.headers.get("x-payment-required")).toBe("eyJ4NDAyVmVyc2lvbiI6Mn0=");
    expect(res.headers.get("www-authenticate")).toContain("X402");
    expect(res.headers.get("x-internal-secret")).toBeNull();
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(await res.json()).toEqual({ error: "Payment Required" });

    expect(seen).toHaveLength(1);
    expect(seen[0].url).toBe("/api/v1/chat/completions");
    expect(seen[0].body).toBe(body);
    expect(seen[0].headers["payment-signature"]).toBe("c2ln");
    expect(seen[0].headers["x-payment"]).toBe("c2ln");
    expect(seen[0].headers.cookie).toBeUndefined();
    expect(seen[0].headers.authorization).toBeUndefined();
  });

  it("streams SSE through as it arrives, with the receipt headers", async () => {
    let finish!: () => void;
    const finished = new Promise<void>((r) => (finish = r));
    handler = (_req, res) => {
      res.writeHead(200, {
        "content-type": "text/event-stream",
        "payment-response": "eyJzdWNjZXNzIjp0cnVlfQ==",
        "x-payment-receipt": "0xabc",
        "x-fallback-used": "true",
        "x-fallback-model": "nvidia/free",
        "x-settlement-skipped": "free-fallback",
      });
      res.write('data: {"n":1}\n\n');
      void finished.then(() => res.end("data: [DONE]\n\n"));
    };
    const res = await proxyToGateway(
      req("v1/chat/completions", { method: "POST", body: "{}", headers: { "content-type": "application/json" } }),
      params("v1/chat/completions"),
      { findNetwork: find },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("payment-response")).toBe("eyJzdWNjZXNzIjp0cnVlfQ==");
    expect(res.headers.get("x-payment-receipt")).toBe("0xabc");
    expect(res.headers.get("x-fallback-used")).toBe("true");
    expect(res.headers.get("x-fallback-model")).toBe("nvidia/free");
    expect(res.headers.get("x-settlement-skipped")).toBe("free-fallback");
    expect(res.headers.get("cache-control")).toContain("no-transform");
    const reader = res.body!.getReader();
    const first = await reader.read();
    // The first event arrives while the gateway is still holding the stream open.
    expect(new TextDecoder().decode(first.value)).toBe('data: {"n":1}\n\n');
    finish();
    let rest = "";
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
    expect(rest).toBe("data: [DONE]\n\n");
  });

  it("passes 429 with Retry-After", async () => {
    handler = (_req, res) => {
      res.writeHead(429, { "content-type": "application/json", "retry-after": "3" });
      res.end(JSON.stringify({ error: "Rate limited", retry_after_seconds: 3 }));
    };
    const res = await proxyToGateway(req("v1/models"), params("v1/models"), { findNetwork: find });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("3");
  });

  it("answers only JSON or an event stream: any other upstream type is a 502 that says so, keeping the x402 headers", async () => {
    for (const type of ["text/html; charset=utf-8", "text/plain", "application/javascript", "image/svg+xml", "application/jsonp", undefined]) {
      handler = (_req, res) => {
        res.writeHead(200, { ...(type ? { "content-type": type } : {}), "payment-response": "eyJzdWNjZXNzIjp0cnVlfQ==" });
        res.end("<script>alert(1)</script>");
      };
      const res = await proxyToGateway(
        req("v1/chat/completions", { method: "POST", body: "{}", headers: { "content-type": "application/json" } }),
        params("v1/chat/completions"),
        { findNetwork: find },
      );
      expect(res.status, String(type)).toBe(502);
      expect(res.headers.get("content-type")).toBe("application/json");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      // A settlement the gateway reports still reaches the browser.
      expect(res.headers.get("payment-response")).toBe("eyJzdWNjZXNzIjp0cnVlfQ==");
      const json = await res.json();
      expect(json.error).toBe("bad_gateway");
      expect(json.message).toContain("instead of JSON or an event stream");
      expect(json.message).toContain(type ? type.split(";")[0] : "no content type");
      expect(JSON.stringify(json)).not.toContain("<script>");
    }
    for (const type of ["application/json", "application/json; charset=utf-8", "Application/JSON", "application/problem+json", "text/event-stream; charset=utf-8"]) {
      handler = (_req, res) => {
        res.writeHead(400, { "content-type": type });
        res.end("{}");
      };
      const res = await proxyToGateway(req("v1/models"), params("v1/models"), { findNetwork: find });
      expect(res.status, type).toBe(400);
      expect(res.headers.get("content-type")).toBe(type);
    }
  });

  it("drops the query string, sends nosniff on every answer, and passes X-PAYMENT-RESPONSE", async () => {
    seen = [];
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "x-payment-response": "eyJ2MSI6dHJ1ZX0=", "x-content-type-options": "whatever" });
      res.end("{}");
    };
    const res = await proxyToGateway(
      new Request("http://app.local/api/gateway/devnet/v1/models?debug=1&redirect=https://evil.example"),
      params("v1/models"),
      { findNetwork: find },
    );
    expect(res.status).toBe(200);
    expect(seen[0].url).toBe("/api/v1/models");
    expect(res.headers.get("x-payment-response")).toBe("eyJ2MSI6dHJ1ZX0=");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const errors = [
      await proxyToGateway(req("v1/embeddings"), params("v1/embeddings"), { findNetwork: find }),
      await proxyToGateway(req("v1/models", { method: "POST", body: "{}" }), params("v1/models"), { findNetwork: find }),
      await proxyToGateway(req("v1/models", { method: "OPTIONS" }), params("v1/models"), { findNetwork: find }),
    ];
    for (const r of errors) expect(r.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("refuses a body over the limit with 413, by Content-Length or by counting", async () => {
    seen = [];
    const big = "x".repeat(2048);
    const declared = await proxyToGateway(
      req("v1/chat/completions", { method: "POST", body: big, headers: { "content-type": "application/json" } }),
      params("v1/chat/completions"),
      { findNetwork: find, maxBodyBytes: 1024 },
    );
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: "payload_too_large" });

    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 4; i++) c.enqueue(new TextEncoder().encode(big.slice(0, 512)));
        c.close();
      },
    });
    const counted = await proxyToGateway(
      req("v1/chat/completions", { method: "POST", body: stream, duplex: "half" } as RequestInit),
      params("v1/chat/completions"),
      { findNetwork: find, maxBodyBytes: 1024 },
    );
    expect(counted.status).toBe(413);
    expect(seen).toHaveLength(0);
  });

  it("an unreachable BlockRun gateway: says so, not charged, and names the setting for its URL", async () => {
    const down: ServerNetwork = { ...BASE_SEPOLIA, gatewayUrl: "http://127.0.0.1:1/api" };
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const res = await proxyToGateway(req("v1/chat/completions", { method: "POST", body: "{}" }), { network: "base-sepolia", path: ["v1", "chat", "completions"] }, { findNetwork: () => down });
    expect(res.status).toBe(502);
    const e = await gatewayErrorFrom(res);
    expect(e.kind).toBe("unreachable");
    expect(e.message).toContain("http://127.0.0.1:1");
    expect(e.message).toContain("Nothing was charged");
    expect(e.message).toContain("BASE_SEPOLIA_GATEWAY_URL");
    warn.mockRestore();
  });

  it("answers 502 gateway_unreachable naming the command when the devnet is down, without logging secrets", async () => {
    const down = network("http://127.0.0.1:1/api");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const res = await proxyToGateway(
      req("v1/chat/completions", { method: "POST", body: '{"secret":"prompt"}', headers: { "payment-signature": "SIGNATURE" } }),
      params("v1/chat/completions"),
      { findNetwork: () => down },
    );
    expect(res.status).toBe(502);
    const json = await res.json();
    expect(json.error).toBe("gateway_unreachable");
    expect(json.message).toContain("npm run dev");
    const logged = warn.mock.calls.flat().join(" ");
    expect(logged).not.toContain("SIGNATURE");
    expect(logged).not.toContain("prompt");
    warn.mockRestore();
  });

  it("answers 504 when the gateway does not start answering in time", async () => {
    handler = () => {}; // never answers
    const res = await proxyToGateway(req("v1/models"), params("v1/models"), { findNetwork: find, headersTimeoutMs: 100 });
    expect(res.status).toBe(504);
    expect(await res.json()).toMatchObject({ error: "gateway_timeout" });
  });

  it("aborts the upstream call when the client goes away", async () => {
    let upstreamClosed!: () => void;
    const closed = new Promise<void>((r) => (upstreamClosed = r));
    handler = (req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("data: {}\n\n");
      req.socket.on("close", () => upstreamClosed());
    };
    const client = new AbortController();
    const res = await proxyToGateway(
      req("v1/chat/completions", { method: "POST", body: "{}", signal: client.signal }),
      params("v1/chat/completions"),
      { findNetwork: find },
    );
    await res.body!.getReader().read();
    client.abort();
    await closed;
  });
});

describe("devnet faucet route", () => {
  const address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
  const json = (body: unknown, headers: HeadersInit = { "content-type": "application/json" }) =>
    new Request("http://app.local/api/gateway/faucet", { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers });
  const faucetNet = () => ({ ...devnet, faucetUrl: devnet.gatewayUrl.replace(/\/api$/, "/__devnet/faucet") });

  it("forwards {address, usdc, eth} to the devnet faucet, the cap being the default", async () => {
    seen = [];
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ balance: "100" }));
    };
    const res = await requestDevnetFaucet(json({ address }), { configured: true, devnet: faucetNet() });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await res.json()).message).toContain(address);
    expect(seen[0].url).toBe("/__devnet/faucet");
    expect(JSON.parse(seen[0].body)).toEqual({ address, usdc: FAUCET_CAP.usdc, eth: FAUCET_CAP.eth });

    seen = [];
    const small = await requestDevnetFaucet(json({ address, usdc: "2.5", eth: "0" }), { configured: true, devnet: faucetNet() });
    expect(small.status).toBe(200);
    expect(JSON.parse(seen[0].body)).toEqual({ address, usdc: "2.5", eth: "0" });
  });

  it("gives at most the cap, and says what the cap is", async () => {
    seen = [];
    for (const over of [{ usdc: "100.000001" }, { usdc: "1000" }, { eth: "0.100000000000000001" }, { eth: "1" }]) {
      const res = await requestDevnetFaucet(json({ address, ...over }), { configured: true, devnet: faucetNet() });
      expect(res.status).toBe(400);
      expect((await res.json()).message).toBe("The faucet gives at most 100 test USDC and 0.1 ETH per request; ask again for more.");
    }
    expect(seen).toHaveLength(0);
  });

  it("exists only when the devnet is configured: 404 otherwise, whatever the request", async () => {
    seen = [];
    for (const req of [json({ address }), json("nope", { "content-type": "text/plain" })]) {
      const res = await requestDevnetFaucet(req, { configured: false, devnet: undefined });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: "not_found", message: expect.stringContaining("APP_NETWORKS") });
    }
    expect(faucetMethodNotAllowed(false).status).toBe(404);
    expect(faucetMethodNotAllowed(true).status).toBe(405);
    expect(seen).toHaveLength(0);
  });

  it("takes JSON only (415), refuses a bad address or body (400), and says when the devnet is down (503)", async () => {
    seen = [];
    for (const headers of [{ "content-type": "text/plain" }, { "content-type": "application/x-www-form-urlencoded" }, {} as Record<string, string>]) {
      const res = await requestDevnetFaucet(json({ address }, headers), { configured: true, devnet: faucetNet() });
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({ error: "unsupported_media_type", message: expect.stringContaining("application/json") });
    }
    expect((await requestDevnetFaucet(json({ address: "nope" }), { configured: true, devnet: faucetNet() })).status).toBe(400);
    expect((await requestDevnetFaucet(json("{nope"), { configured: true, devnet: faucetNet() })).status).toBe(400);
    expect((await requestDevnetFaucet(json({ address, pad: "x".repeat(2000) }), { configured: true, devnet: faucetNet() })).status).toBe(400);
    const down = await requestDevnetFaucet(json({ address }), { configured: true, devnet: undefined });
    expect(down.status).toBe(503);
    expect((await down.json()).message).toContain("npm run dev");
    expect(seen).toHaveLength(0);
  });
});
