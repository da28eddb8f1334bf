import { describe, expect, it } from "vitest";
import { API_CSP, newNonce, pageCsp, STATIC_SECURITY_HEADERS } from "@/lib/server/security-headers";

const directives = (csp: string) => new Map(csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("page Content-Security-Policy", () => {
  const rpcUrls = ["http://127.0.0.1:28546", "https://mainnet.base.org/", "https://sepolia.base.org"];

  it("in production: scripts and styles by nonce only, no eval, not framable, connections to the RPCs and Coinbase's SDK only", () => {
    const nonce = newNonce();
    const d = directives(pageCsp({ nonce, dev: false, rpcUrls, walletConnect: false }));
    expect(d.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(d.get("style-src")).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(d.get("object-src")).toEqual(["'none'"]);
    expect(d.get("base-uri")).toEqual(["'none'"]);
    expect(d.get("frame-src")).toEqual(["'none'"]);
    expect(d.get("connect-src")).toEqual([
      "'self'",
      "http://127.0.0.1:28546",
      "https://mainnet.base.org",
      "https://sepolia.base.org",
      "https://rpc.wallet.coinbase.com",
      "https://www.walletlink.org",
      "wss://www.walletlink.org",
    ]);
    const all = [...d.values()].flat().join(" ");
    expect(all).not.toContain("unsafe-eval");
    expect(all).not.toContain("unsafe-inline");
    expect(all).not.toContain("walletconnect");
  });

  it("adds WalletConnect's relay and Verify frame only when a project id is set; dev adds eval for React's stacks", () => {
    const d = directives(pageCsp({ nonce: newNonce(), dev: true, rpcUrls: [], walletConnect: true }));
    expect(d.get("connect-src")).toContain("wss://relay.walletconnect.org");
    expect(d.get("frame-src")).toEqual(["https://verify.walletconnect.org", "https://verify.walletconnect.com"]);
    expect(d.get("script-src")).toContain("'unsafe-eval'");
  });

  it("never lets a configured URL write its own directive, and refuses a weak nonce", () => {
    const csp = pageCsp({ nonce: newNonce(), dev: false, rpcUrls: ["https://rpc.example; script-src *", "javascript:alert(1)", "not a url"], walletConnect: false });
    expect(directives(csp).get("connect-src")).not.toContain("*");
    expect(csp).not.toContain("javascript");
    expect(csp.match(/script-src/g)).toHaveLength(1);
    expect(() => pageCsp({ nonce: "abc", dev: false, rpcUrls: [], walletConnect: false })).toThrow();
    expect(newNonce()).not.toBe(newNonce());
  });

  it("API answers may load nothing and not be framed; every answer is nosniff, DENY, with a referrer and permissions policy", () => {
    expect(directives(API_CSP).get("default-src")).toEqual(["'none'"]);
    expect(directives(API_CSP).get("frame-ancestors")).toEqual(["'none'"]);
    const h = Object.fromEntries(STATIC_SECURITY_HEADERS.map(({ key, value }) => [key.toLowerCase(), value]));
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["permissions-policy"]).toContain("camera=()");
  });
});
