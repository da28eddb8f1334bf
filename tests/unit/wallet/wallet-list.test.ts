/**
 * The connect modal's wallet list for each kind of configuration: with and without the devnet among the app's
 * networks, with and without a WalletConnect project id, with and without MetaMask's extension.
 */
import { describe, expect, it } from "vitest";
import type { WalletList } from "@rainbow-me/rainbowkit";
import { walletPlan, type WalletEnvironment } from "@/lib/wallet/wallet-plan";
import { walletList } from "@/lib/wallet/wallet-list";
import { BASE, BASE_SEPOLIA } from "@/lib/networks";
import { DEVNET } from "../x402/fixtures";

const NO_EXTENSION: WalletEnvironment = { metaMaskInstalled: false, injectedProvider: false };
const METAMASK: WalletEnvironment = { metaMaskInstalled: true, injectedProvider: true };
const OTHER_INJECTED: WalletEnvironment = { metaMaskInstalled: false, injectedProvider: true };
const opts = { projectId: "", appName: "test", walletConnectParameters: {} } as never;

/** Group name -> the wallets RainbowKit will show, as id:installed. */
function shown(list: WalletList, projectId = "") {
  return Object.fromEntries(
    list.map((g) => [g.groupName, g.wallets.map((create) => {
      const w = create({ ...(opts as object), projectId } as never);
      return `${w.id}${w.installed === false ? " (get it)" : ""}`;
    })]),
  );
}

describe("walletPlan", () => {
  it("offers the Devnet wallet only when the devnet is one of the app's networks", () => {
    expect(walletPlan([DEVNET], undefined, NO_EXTENSION)[0]).toEqual({ groupName: "Devnet", wallets: [{ kind: "devnet", network: DEVNET }] });
    expect(walletPlan([BASE, BASE_SEPOLIA], undefined, NO_EXTENSION).map((g) => g.groupName)).toEqual(["Popular"]);
  });

  it("always lists MetaMask and Coinbase (smart wallet included); MetaMask's way in depends on the extension and the project id", () => {
    const popular = (env: WalletEnvironment, projectId?: string) => walletPlan([BASE], projectId, env).at(-1)!.wallets;
    expect(popular(NO_EXTENSION)).toEqual([{ kind: "metaMask", via: "download" }, { kind: "coinbase", preference: "all" }]);
    expect(popular(NO_EXTENSION, "pid")).toEqual([
      { kind: "metaMask", via: "walletConnect" }, { kind: "coinbase", preference: "all" }, { kind: "walletConnect" },
    ]);
    expect(popular(METAMASK)).toEqual([{ kind: "metaMask", via: "extension" }, { kind: "coinbase", preference: "all" }]);
    expect(popular(OTHER_INJECTED).map((w) => w.kind)).toEqual(["metaMask", "coinbase", "injected"]);
  });
});

describe("walletList (RainbowKit wallets)", () => {
  it("devnet, no project id, no extension: Devnet wallet, MetaMask to get, Coinbase", () => {
    expect(shown(walletList([DEVNET, BASE_SEPOLIA], undefined, NO_EXTENSION))).toEqual({
      Devnet: ["devnetWallet"],
      Popular: ["metaMask (get it)", "coinbase"],
    });
  });

  it("no devnet, a project id: MetaMask through WalletConnect, Coinbase, WalletConnect", () => {
    const list = walletList([BASE], "pid", NO_EXTENSION);
    expect(shown(list, "pid")).toEqual({ Popular: ["metaMask", "coinbase", "walletConnect"] });
    const metaMask = list[0].wallets[0]({ ...(opts as object), projectId: "pid" } as never);
    expect(metaMask.qrCode).toBeDefined(); // the QR code a phone's MetaMask scans
  });

  it("devnet with a project id and another injected wallet", () => {
    expect(shown(walletList([DEVNET], "pid", OTHER_INJECTED), "pid")).toEqual({
      Devnet: ["devnetWallet"],
      Popular: ["metaMask", "coinbase", "injected", "walletConnect"],
    });
  });

  it("MetaMask to get keeps its download links and needs no project id", () => {
    const list = walletList([BASE], undefined, NO_EXTENSION);
    const metaMask = list[0].wallets[0](opts);
    expect(metaMask).toMatchObject({ id: "metaMask", name: "MetaMask", installed: false, qrCode: undefined });
    expect(metaMask.downloadUrls?.chrome).toMatch(/^https:\/\//);
    expect(typeof metaMask.createConnector).toBe("function");
  });

  it("asks Coinbase's SDK for every kind of Coinbase wallet, smart wallet included", async () => {
    const { coinbaseWallet } = await import("@rainbow-me/rainbowkit/wallets");
    walletList([BASE], undefined, NO_EXTENSION);
    expect(coinbaseWallet.preference).toBe("all");
  });
});
