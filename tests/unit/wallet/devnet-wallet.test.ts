import { describe, expect, it } from "vitest";
import { defineChain, numberToHex, verifyTypedData, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createLocalKeyProvider } from "@/lib/wallet/devnet-wallet/local-key-provider";

const DEVNET = 31337;
const BASE = 8453;
// Nothing listens on this port: a call that reached the chain would fail differently from a refusal.
const devnetChain = defineChain({
  id: DEVNET,
  name: "Devnet",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: ["http://127.0.0.1:1"] } },
});

const account = privateKeyToAccount(generatePrivateKey());
const provider = () => createLocalKeyProvider({ account, chain: devnetChain });

function usdcAuthorization(chainId: number | undefined) {
  return {
    types: {
      EIP712Domain: [
        { name: "name", type: "string" },
        { name: "version", type: "string" },
        ...(chainId === undefined ? [] : [{ name: "chainId", type: "uint256" }]),
        { name: "verifyingContract", type: "address" },
      ],
      TransferWithAuthorization: [
        { name: "from", type: "address" },
        { name: "to", type: "address" },
        { name: "value", type: "uint256" },
        { name: "validAfter", type: "uint256" },
        { name: "validBefore", type: "uint256" },
        { name: "nonce", type: "bytes32" },
      ],
    },
    primaryType: "TransferWithAuthorization",
    domain: { name: "USD Coin", version: "2", ...(chainId === undefined ? {} : { chainId }), verifyingContract: "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913" },
    message: {
      from: account.address,
      to: "0xe9030014F5DAe217d0A152f02A043567b16c1aBf",
      value: "1000",
      validAfter: "0",
      validBefore: "9999999999",
      nonce: `0x${"11".repeat(32)}`,
    },
  } as const;
}

async function refusal(p: Promise<unknown>) {
  const e = (await p.then(
    () => undefined,
    (err: unknown) => err,
  )) as { code?: number; message?: string } | undefined;
  expect(e, "the request should have been refused").toBeDefined();
  return e!;
}

describe("Devnet wallet: signs on the devnet chain only", () => {
  it("refuses to switch to or add Base (8453) with a clear EIP-1193 4100 error, and stays on the devnet", async () => {
    const p = provider();
    let changed = 0;
    p.on("chainChanged", () => changed++);
    const sw = await refusal(p.request({ method: "wallet_switchEthereumChain", params: [{ chainId: numberToHex(BASE) }] }));
    expect(sw.code).toBe(4100);
    expect(sw.message).toContain("The Devnet wallet works on the devnet (chain 31337) only and refuses to switch to chain 8453");
    const add = await refusal(
      p.request({ method: "wallet_addEthereumChain", params: [{ chainId: numberToHex(BASE), chainName: "Base", rpcUrls: ["https://mainnet.base.org"] }] }),
    );
    expect(add.code).toBe(4100);
    expect(await p.request({ method: "eth_chainId" })).toBe(numberToHex(DEVNET));
    expect(p.chainId()).toBe(DEVNET);
    // Switching to where it already is succeeds and changes nothing.
    expect(await p.request({ method: "wallet_switchEthereumChain", params: [{ chainId: numberToHex(DEVNET) }] })).toBeNull();
    expect(changed).toBe(0);
  });

  it("refuses to sign a USDC authorization whose domain is Base's, or names no chain; signs the devnet's", async () => {
    const p = provider();
    for (const chainId of [BASE, undefined]) {
      const e = await refusal(p.request({ method: "eth_signTypedData_v4", params: [account.address, JSON.stringify(usdcAuthorization(chainId))] }));
      expect(e.code).toBe(4100);
      expect(e.message).toContain("refuses to sign typed data for chain");
    }
    const typed = usdcAuthorization(DEVNET);
    const signature = (await p.request({ method: "eth_signTypedData_v4", params: [account.address, JSON.stringify(typed)] })) as Hex;
    const { EIP712Domain: _d, ...types } = typed.types;
    void _d;
    expect(await verifyTypedData({ ...typed, types, address: account.address, signature } as unknown as Parameters<typeof verifyTypedData>[0])).toBe(true);
  });

  it("refuses a transaction that names another chain before contacting any RPC", async () => {
    const e = await refusal(
      provider().request({ method: "eth_sendTransaction", params: [{ from: account.address, to: account.address, value: "0x1", chainId: numberToHex(BASE) }] }),
    );
    expect(e.code).toBe(4100);
    expect(e.message).toContain("refuses to send a transaction on chain 8453");
  });
});
