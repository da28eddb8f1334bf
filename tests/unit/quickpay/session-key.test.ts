/**
 * The quick pay session key: sealed at rest under a non-extractable WebCrypto key (stored and read back through
 * IndexedDB), and a signer that refuses everything but the table's USDC payment to the table's recipient on its
 * chain under its cap; the return goes only to the main wallet. Node's WebCrypto, fake-indexeddb, real signatures.
 */
import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { recoverTypedDataAddress, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { ChatDatabase } from "@/lib/db/schema";
import { closeQuickPaySession, getQuickPaySession, saveQuickPaySession } from "@/lib/db/quickpay";
import type { StoredQuickPaySession } from "@/lib/db/types";
import { sealPrivateKey, unsealPrivateKey } from "@/lib/quickpay/key-vault";
import { RECEIVE_WITH_AUTHORIZATION_TYPES, sessionSigner, signReturn } from "@/lib/quickpay/session-signer";
import { sessionPayingWallet } from "@/lib/quickpay/session-wallet";
import { SigningRefusedError, type TypedDataArgs } from "@/lib/x402/wallet-signer";
import { BASE_SEPOLIA, DEVNET } from "../x402/fixtures";

const MAIN: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

async function newSession(d: ChatDatabase, over: Partial<StoredQuickPaySession> = {}) {
  const pk = generatePrivateKey();
  const s: StoredQuickPaySession = {
    id: crypto.randomUUID(), address: privateKeyToAccount(pk).address, mainWallet: MAIN, networkId: "devnet", chainId: DEVNET.chainId,
    amount: "2000000", cap: "50000", createdAt: Date.now(), expiresAt: Date.now() + 3_600_000, state: "open", ...(await sealPrivateKey(pk)), ...over,
  };
  await saveQuickPaySession(s, d);
  return { s: (await getQuickPaySession(s.id, d))!, pk };
}

function payment(over: { domain?: Record<string, unknown>; message?: Record<string, unknown>; primaryType?: string } = {}, from: Address): TypedDataArgs {
  return {
    domain: { name: DEVNET.usdc.name, version: DEVNET.usdc.version, chainId: DEVNET.chainId, verifyingContract: DEVNET.usdc.address, ...over.domain },
    types: {
      TransferWithAuthorization: [
        { name: "from", type: "address" }, { name: "to", type: "address" }, { name: "value", type: "uint256" },
        { name: "validAfter", type: "uint256" }, { name: "validBefore", type: "uint256" }, { name: "nonce", type: "bytes32" },
      ],
    },
    primaryType: over.primaryType ?? "TransferWithAuthorization",
    message: { from, to: DEVNET.payTo, value: 31780n, validAfter: 0n, validBefore: 9_999_999_999n, nonce: `0x${"11".repeat(32)}`, ...over.message },
  };
}

describe("session key at rest", () => {
  it("is sealed under a non-extractable key, survives IndexedDB, and opens only with that key", async () => {
    const d = new ChatDatabase(`qp-${crypto.randomUUID()}`);
    const { s, pk } = await newSession(d);
    expect(s.wrapKey).toBeInstanceOf(CryptoKey);
    expect(s.wrapKey!.extractable).toBe(false);
    await expect(crypto.subtle.exportKey("raw", s.wrapKey!)).rejects.toThrow();
    // The stored record holds no plain key anywhere.
    expect(JSON.stringify({ ...s, sealedKey: Buffer.from(s.sealedKey!.data).toString("hex") })).not.toContain(pk.slice(2));
    expect(await unsealPrivateKey(s)).toBe(pk);
    const other = await sealPrivateKey(generatePrivateKey());
    await expect(unsealPrivateKey({ sealedKey: s.sealedKey, wrapKey: other.wrapKey })).rejects.toThrow();
  });

  it("is deleted when the session closes; the record stays", async () => {
    const d = new ChatDatabase(`qp-${crypto.randomUUID()}`);
    const { s } = await newSession(d);
    await closeQuickPaySession(s.id, { returned: "123" }, d);
    const after = (await getQuickPaySession(s.id, d))!;
    expect(after.state).toBe("ended");
    expect(after.sealedKey).toBeUndefined();
    expect(after.wrapKey).toBeUndefined();
    await expect(unsealPrivateKey(after)).rejects.toThrow(/gone/);
  });
});

describe("the session signer's door", () => {
  it("signs the table's USDC payment to the table's recipient under the cap, as the session", async () => {
    const d = new ChatDatabase(`qp-${crypto.randomUUID()}`);
    const { s } = await newSession(d);
    const signer = sessionSigner({ address: s.address as Address, unseal: () => unsealPrivateKey(s) }, DEVNET, 50_000n);
    const args = payment({}, s.address as Address);
    const sig = await signer.signTypedData(args);
    expect(await recoverTypedDataAddress({ ...(args as object), signature: sig } as Parameters<typeof recoverTypedDataAddress>[0])).toBe(s.address);
  });

  const hostile: [string, (from: Address) => TypedDataArgs, RegExp][] = [
    ["another recipient", (f) => payment({ message: { to: "0x000000000000000000000000000000000000dEaD" } }, f), /differs/],
    ["another token", (f) => payment({ domain: { verifyingContract: "0x4200000000000000000000000000000000000006" } }, f), /USDC on/],
    ["another token name", (f) => payment({ domain: { name: "USD Coin Fake" } }, f), /USDC on/],
    ["another chain", (f) => payment({ domain: { chainId: 8453 } }, f), /chain/],
    ["above the session's cap", (f) => payment({ message: { value: 50_001n } }, f), /cap/],
    ["a zero amount", (f) => payment({ message: { value: 0n } }, f), /amount/],
    ["another payer", (f) => payment({ message: { from: MAIN } }, f), /differs/],
    ["another kind of typed data (a permit)", (f) => payment({ primaryType: "Permit" }, f), /only USDC transfer/],
    ["a receive authorization to the gateway", (f) => payment({ primaryType: "ReceiveWithAuthorization" }, f), /only USDC transfer/],
  ];
  for (const [what, make, says] of hostile) {
    it(`refuses ${what} without opening the key`, async () => {
      const d = new ChatDatabase(`qp-${crypto.randomUUID()}`);
      const { s } = await newSession(d);
      let unsealed = 0;
      const signer = sessionSigner({ address: s.address as Address, unseal: () => (unsealed++, unsealPrivateKey(s)) }, DEVNET, 50_000n);
      const err = await signer.signTypedData(make(s.address as Address)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SigningRefusedError);
      expect((err as Error).message).toMatch(says);
      expect((err as Error).message).toContain("Nothing was signed");
      expect(unsealed).toBe(0);
    });
  }

  it("the paying wallet refuses another network, an expired session and one not open", async () => {
    const d = new ChatDatabase(`qp-${crypto.randomUUID()}`);
    const { s } = await newSession(d);
    const noChain = () => { throw new Error("no chain reads here"); };
    await expect(sessionPayingWallet(s, noChain).prepareToSign(BASE_SEPOLIA)).rejects.toThrow(/another network/);
    await expect(sessionPayingWallet(s, noChain, () => s.expiresAt).prepareToSign(DEVNET)).rejects.toThrow(/expired/);
    await expect(sessionPayingWallet({ ...s, state: "ending" }, noChain).prepareToSign(DEVNET)).rejects.toThrow(/not open/);
    const w = sessionPayingWallet(s, noChain);
    expect(w.session).toEqual({ id: s.id, fundedBy: MAIN, cap: 50_000n });
    expect((await w.prepareToSign(DEVNET)).address).toBe(s.address);
  });

  it("signs the return only as a ReceiveWithAuthorization to the main wallet, over the table's domain", async () => {
    const d = new ChatDatabase(`qp-${crypto.randomUUID()}`);
    const { s } = await newSession(d);
    const nonce: Hex = `0x${"22".repeat(32)}`;
    const r = await signReturn({ address: s.address as Address, unseal: () => unsealPrivateKey(s) }, DEVNET, { mainWallet: MAIN, value: 1_234_567n, validBefore: 9_999_999_999n, nonce });
    expect(r.authorization).toMatchObject({ from: s.address, to: MAIN, value: 1_234_567n, validAfter: 0n });
    const signer = await recoverTypedDataAddress({
      domain: { name: DEVNET.usdc.name, version: DEVNET.usdc.version, chainId: DEVNET.chainId, verifyingContract: DEVNET.usdc.address },
      types: RECEIVE_WITH_AUTHORIZATION_TYPES, primaryType: "ReceiveWithAuthorization", message: r.authorization, signature: r.signature,
    });
    expect(signer).toBe(s.address);
    await expect(signReturn({ address: s.address as Address, unseal: () => unsealPrivateKey(s) }, DEVNET, { mainWallet: MAIN, value: 0n, validBefore: 1n, nonce })).rejects.toThrow(/nothing to return/);
  });
});
