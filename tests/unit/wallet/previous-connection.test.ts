import { describe, expect, it } from "vitest";
import { previousConnectorId } from "@/lib/wallet/previous-connection";

const store = (value: string | null) => ({ getItem: (k: string) => (k === "wagmi.store" ? value : null) });

/** wagmi's persisted store as it writes it (serialize(): a Map becomes {__type: "Map", value: entries}). */
const persisted = (current: string | null, connectorId = "devnetWallet") =>
  JSON.stringify({
    state: {
      connections: { __type: "Map", value: current ? [[current, { accounts: ["0xabc"], chainId: 31337, connector: { id: connectorId, name: "x", type: "x", uid: current } }]] : [] },
      chainId: 31337,
      current,
    },
    version: 2,
  });

describe("previousConnectorId", () => {
  it("names the connector of the connection open when the app was left", () => {
    expect(previousConnectorId(store(persisted("uid-1", "coinbaseWalletSDK")))).toBe("coinbaseWalletSDK");
  });
  it("is undefined on a first visit, after a disconnect, or with unreadable storage", () => {
    expect(previousConnectorId(store(null))).toBeUndefined();
    expect(previousConnectorId(store(persisted(null)))).toBeUndefined();
    expect(previousConnectorId(store("{not json"))).toBeUndefined();
    expect(previousConnectorId({ getItem: () => { throw new Error("SecurityError"); } })).toBeUndefined();
    expect(previousConnectorId(undefined)).toBeUndefined();
  });
});
