import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { devnetConfigured, getNetworks, getPublicNetworks } from "@/lib/server/app-config";
import { toPublicNetwork, type PublicNetwork } from "@/lib/networks";

const asEnv = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv;
const PUBLIC_FIELDS: (keyof PublicNetwork)[] = ["id", "name", "chainId", "caip2", "rpcUrl", "usdc", "payTo", "explorerTxUrl", "testnet"];

function devnetState(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "public-networks-"));
  const a = (n: number) => `0x${String(n).padStart(40, "0")}`;
  writeFileSync(
    path.join(dir, "deployment.json"),
    JSON.stringify({
      chainId: 31337,
      rpcUrl: "http://127.0.0.1:18545",
      gatewayUrl: "http://127.0.0.1:18402/api",
      usdc: { address: a(1), name: "USD Coin", version: "2", decimals: 6 },
      multicall3: a(2),
      payTo: a(3),
      facilitator: a(4),
      faucet: a(5),
      fundedAccounts: [a(6)],
      startedAt: new Date().toISOString(),
    }),
  );
  return dir;
}

describe("networks handed to the browser", () => {
  const env = { APP_NETWORKS: "devnet,base,base-sepolia", DEVNET_STATE_DIR: devnetState(), BASE_GATEWAY_URL: "https://secret-gateway.internal/api" } as unknown as NodeJS.ProcessEnv;

  it("carry the public fields the quote guard and wallet need, and no gateway or faucet URL", () => {
    const server = getNetworks(env);
    const pub = getPublicNetworks(env);
    expect(pub.map((n) => n.id)).toEqual(["devnet", "base", "base-sepolia"]);
    for (const [i, n] of pub.entries()) {
      for (const key of Object.keys(n)) expect(PUBLIC_FIELDS, key).toContain(key);
      const { gatewayUrl: _gateway, faucetUrl: _faucet, ...rest } = server[i];
      void [_gateway, _faucet];
      expect(n).toEqual(rest);
      // What the guard reads is all there, unchanged.
      expect([n.chainId, n.caip2, n.usdc, n.payTo, n.rpcUrl, n.explorerTxUrl]).toEqual([
        server[i].chainId,
        server[i].caip2,
        server[i].usdc,
        server[i].payTo,
        server[i].rpcUrl,
        server[i].explorerTxUrl,
      ]);
    }
    const text = JSON.stringify(pub);
    expect(text).not.toContain("gateway");
    expect(text).not.toContain("faucet");
    expect(text).not.toContain("18402");
    expect(text).not.toContain("secret-gateway");
  });

  it("copies by name: a server-only field added to a row never reaches the page", () => {
    const row = { ...getNetworks(env)[1], apiKey: "sk-secret" } as PublicNetwork & { apiKey: string };
    expect(JSON.stringify(toPublicNetwork(row))).not.toContain("sk-secret");
  });

  it("the faucet exists when APP_NETWORKS names the devnet, whether or not it runs", () => {
    expect(devnetConfigured(asEnv({ APP_NETWORKS: "devnet,base" }))).toBe(true);
    expect(devnetConfigured(asEnv({}))).toBe(true);
    expect(devnetConfigured(asEnv({ APP_NETWORKS: "base" }))).toBe(false);
  });
});
