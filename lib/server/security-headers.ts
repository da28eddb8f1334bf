/**
 * The app's security headers, in one place. Pages get a Content-Security-Policy with a fresh nonce per request
 * (proxy.ts); API answers and static files get a fixed one (next.config.ts). Written by hand because the
 * policy is a handful of strings that depend on this app's own network table; no library knows which hosts the
 * wallets here contact.
 */

/** Sent on every answer (pages, API, static files). */
export const STATIC_SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Older browsers that do not read CSP's frame-ancestors.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // Nothing here uses a camera, a microphone, a location or payment handlers; copying code needs the clipboard.
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), midi=(), display-capture=(), clipboard-write=(self)",
  },
];

/** API answers are JSON or an event stream, never a document: nothing may load or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * What the wallet SDKs in the connect modal contact from the page (read from their sources, versions pinned in
 * package-lock.json):
 * - Coinbase Wallet SDK 4.3: the smart wallet's RPC for wallet methods, and the WalletLink relay (HTTPS and
 *   WebSocket) for Coinbase Wallet on a phone. Its popup (keys.coinbase.com) is a window, not a connection.
 *   Its inline telemetry script stays blocked (RainbowKit turns telemetry off anyway).
 * - WalletConnect 2.21 (only with a project id): the relay WebSocket, the Verify API (fetched, and framed to
 *   attest this origin), its event endpoint, and its RPC fallback for chains without an RPC (ours all have one).
 */
export const COINBASE_CONNECT = ["https://rpc.wallet.coinbase.com", "https://www.walletlink.org", "wss://www.walletlink.org"] as const;
export const WALLETCONNECT_CONNECT = [
  "wss://relay.walletconnect.org",
  "https://verify.walletconnect.org",
  "https://verify.walletconnect.com",
  "https://pulse.walletconnect.org",
  "https://rpc.walletconnect.org",
] as const;
export const WALLETCONNECT_FRAME = ["https://verify.walletconnect.org", "https://verify.walletconnect.com"] as const;

export interface PageCspOptions {
  nonce: string;
  /** `next dev`: React rebuilds server error stacks with eval, and dev styles arrive without a nonce. */
  dev: boolean;
  /** The configured networks' RPC URLs (the browser reads balances and settlements from them directly). */
  rpcUrls: readonly string[];
  walletConnect: boolean;
}

/** An http(s) URL's origin, or undefined: a value from the environment never writes its own directive. */
export function sourceOrigin(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

export function pageCsp({ nonce, dev, rpcUrls, walletConnect }: PageCspOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(nonce)) throw new Error("pageCsp: the nonce must be base64 of at least 12 random bytes");
  const rpc = [...new Set(rpcUrls.map(sourceOrigin).filter((o): o is string => !!o))];
  const connect = ["'self'", ...rpc, ...COINBASE_CONNECT, ...(walletConnect ? WALLETCONNECT_CONNECT : [])];
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    // 'strict-dynamic': the nonce'd Next scripts may load the app's chunks; nothing else runs.
    ["script-src", "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    ["style-src", "'self'", ...(dev ? ["'unsafe-inline'"] : [`'nonce-${nonce}'`])],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'"],
    ["connect-src", ...connect],
    ["frame-src", ...(walletConnect ? WALLETCONNECT_FRAME : ["'none'"])],
    ["worker-src", "'self'"],
    ["manifest-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'none'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
  ];
  return directives.map((d) => d.join(" ")).join("; ");
}

/** 16 random bytes, base64: a fresh nonce per page. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
