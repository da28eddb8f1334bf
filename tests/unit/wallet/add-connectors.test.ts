/** The lazily loaded kit adds its connectors to the page's light wagmi config and reconnects the last wallet. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConfig, type Config } from "wagmi";
import { mock } from "wagmi/connectors";
import { defineChain, http as httpTransport, numberToHex } from "viem";
import { addConnectors, reconnectAdded } from "@/lib/wallet/add-connectors";

const ACCOUNT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const CHAIN_ID = 31337;

// wagmi's mock connector reads accounts from the chain's RPC URL: a two-method JSON-RPC server on a free port
// stands in for the node (nothing else is asked of it here).
let server: http.Server;
let rpcUrl = "";
beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      const { id, method } = JSON.parse(body) as { id: number; method: string };
      const result = method === "eth_chainId" ? numberToHex(CHAIN_ID) : method === "eth_accounts" ? [ACCOUNT] : null;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ jsonrpc: "2.0", id, result }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  rpcUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function lightConfig(): Config {
  const chain = defineChain({ id: CHAIN_ID, name: "Devnet", nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [rpcUrl] } } });
  return createConfig({ chains: [chain], transports: { [CHAIN_ID]: httpTransport(rpcUrl) }, connectors: [], ssr: true });
}

describe("addConnectors", () => {
  it("adds each new connector once, visible in config.connectors (what wagmi's hooks and RainbowKit read)", () => {
    const config = lightConfig();
    const added = addConnectors(config, [mock({ accounts: [ACCOUNT] })]);
    expect(added.map((c) => c.id)).toEqual(["mock"]);
    expect(config.connectors.map((c) => c.id)).toEqual(["mock"]);
    expect(addConnectors(config, [mock({ accounts: [ACCOUNT] })])).toEqual([]);
    expect(config.connectors).toHaveLength(1);
  });

  it("reconnects the wallet used last time when it is one of the added connectors", async () => {
    const config = lightConfig();
    const added = addConnectors(config, [mock({ accounts: [ACCOUNT], features: { reconnect: true, defaultConnected: true } })]);
    await reconnectAdded(config, added, "some-other-wallet");
    expect(config.state.status).toBe("disconnected");
    await reconnectAdded(config, added, "mock");
    expect(config.state.status).toBe("connected");
    expect(config.state.connections.get(config.state.current!)?.accounts).toEqual([ACCOUNT]);
  });
});
