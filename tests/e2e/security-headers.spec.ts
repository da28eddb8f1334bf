/**
 * The security headers as a browser receives them from the production build: every page has its own CSP nonce
 * (and Next put it on its scripts), no eval, no framing; API answers load nothing. And a page of another
 * origin that frames the app sees it refused.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { test, expect } from "../fixtures/test";
import { appUrl } from "../fixtures/test-env";
import { gatewayOrigin } from "../fixtures/devnet";

const directives = (csp: string) => new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

function expectCommonHeaders(headers: Record<string, string>) {
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["permissions-policy"]).toContain("clipboard-write=(self)");
}

test("every page has a strict CSP with its own nonce (on Next's scripts too), and the usual security headers", async ({ request }) => {
  const nonces = new Set<string>();
  for (const [path, status] of [["/", 200], ["/history", 200], ["/c/x", 200], ["/c/x", 200], ["/no-such-page", 404]] as const) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(status);
    const headers = res.headers();
    expectCommonHeaders(headers);
    const csp = headers["content-security-policy"];
    expect(csp, path).toBeTruthy();
    const d = directives(csp);
    const nonce = d.get("script-src")!.find((s) => s.startsWith("'nonce-"))!.slice(7, -1);
    expect(nonce.length, path).toBeGreaterThanOrEqual(16);
    nonces.add(nonce);
    expect(d.get("script-src")).toContain("'strict-dynamic'");
    expect(d.get("style-src")).toContain(`'nonce-${nonce}'`);
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toContain("unsafe-inline");
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(d.get("object-src")).toEqual(["'none'"]);
    // The browser reads the devnet's chain directly: its RPC is allowed, and nothing else of the devnet.
    const deploymentRpc = d.get("connect-src")!.filter((s) => s.startsWith("http://127.0.0.1"));
    expect(deploymentRpc).toHaveLength(1);
    expect(d.get("connect-src")).not.toContain("*");
    // Next put this response's nonce on every script it wrote, and the one inline style carries it too.
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length, path).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
    for (const tag of html.match(/<style\b[^>]*>/g) ?? []) expect(tag, path).toContain(`nonce="${nonce}"`);
    // The page receives the networks' public fields only: never where the gateway or its faucet is.
    expect(html, path).not.toContain(gatewayOrigin());
    expect(html, path).not.toContain("gatewayUrl");
    expect(html, path).not.toContain("__devnet/faucet");
    // The policy refuses style attributes written into the HTML: the server renders none.
    expect(html, path).not.toMatch(/<[a-z][^>]*\sstyle="/i);
  }
  // A fresh nonce per response.
  expect(nonces.size).toBe(5);
});

test("API answers: JSON, nosniff, and a policy that loads and frames nothing", async ({ request }) => {
  for (const [path, status] of [["/api/gateway/devnet/v1/models", 200], ["/api/gateway/devnet/v1/embeddings", 404], ["/api/gateway/nowhere/v1/models", 404]] as const) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(status);
    const headers = res.headers();
    expectCommonHeaders(headers);
    expect(headers["content-type"]).toMatch(/^application\/json/);
    const d = directives(headers["content-security-policy"]);
    expect(d.get("default-src")).toEqual(["'none'"]);
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
  }
  // The faucet takes JSON only.
  const form = await request.post("/api/gateway/faucet", { form: { address: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" } });
  expect(form.status()).toBe(415);
  expect(form.headers()["x-content-type-options"]).toBe("nosniff");
});

test.describe("framed by another origin", () => {
  let server: Server;
  let origin: string;
  test.beforeAll(async () => {
    server = createServer((req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      if (req.url === "/framed-ok") return res.end("<!doctype html><p>framed page of this origin</p>");
      res.end(`<!doctype html><title>framer</title>
        <iframe title="own page" src="/framed-ok"></iframe>
        <iframe title="the app" src="${appUrl()}/"></iframe>`);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  test.afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test("the app refuses to be framed: the frame stays empty and Chromium names frame-ancestors", async ({ browser }) => {
    // A context of its own: the refusal is the app's policy working, not a violation by the app's pages.
    const context = await browser.newContext();
    const page = await context.newPage();
    const refused = page.waitForEvent("console", { predicate: (m) => /frame-ancestors 'none'/.test(m.text()), timeout: 15_000 });
    await page.goto(origin);
    // The framer's own page loads in its frame: framing works here, so what follows is the app refusing.
    await expect(page.frameLocator('iframe[title="own page"]').getByText("framed page of this origin")).toBeVisible();
    expect((await refused).text()).toContain(appUrl());
    const appFrame = page.frames().find((f) => f.url().startsWith(appUrl()) || f.url().startsWith("chrome-error:"));
    expect(appFrame?.url() ?? "").not.toBe(`${appUrl()}/`);
    await expect(page.frameLocator('iframe[title="the app"]').getByRole("banner")).toHaveCount(0);
    await expect(page.frameLocator('iframe[title="the app"]').getByRole("link", { name: "BlockRun Chat" })).toHaveCount(0);
    await context.close();
  });
});
