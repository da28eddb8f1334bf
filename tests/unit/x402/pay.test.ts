import { describe, expect, it } from "vitest";
import { createWalletClient, custom, recoverTypedDataAddress, toHex, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { decodePaymentSignatureHeader } from "@x402/core/http";
import { PaymentPayloadV2Schema } from "@x402/core/schemas";
import { createPayment } from "@/lib/x402/pay";
import { guardQuote, QuoteRefusedError } from "@/lib/x402/quote-guard";
import { SigningRefusedError, tableCheckedSigner, walletSigner, type X402Signer } from "@/lib/x402/wallet-signer";
import { BASE, type Network } from "@/lib/networks";
import { DEVNET, paymentRequiredFor, requirementFor } from "./fixtures";

// anvil's account #1: public knowledge, worthless outside a devnet.
const KEY: Hex = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const account = privateKeyToAccount(KEY);

const TYPES = {
  TransferWithAuthorization: [
    { name: "from", type: "address" },
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "validAfter", type: "uint256" },
    { name: "validBefore", type: "uint256" },
    { name: "nonce", type: "bytes32" },
  ],
} as const;

/** A wallet client whose only RPC is eth_chainId (signing with a local account needs none). */
function wallet(activeChainId: number) {
  return createWalletClient({
    account,
    transport: custom({
      async request({ method }) {
        if (method === "eth_chainId") return toHex(activeChainId);
        throw new Error(`unexpected RPC ${method}`);
      },
    }),
  });
}

/** Counts what reaches the wallet. */
function counting(signer: X402Signer) {
  const calls: unknown[] = [];
  return {
    calls,
    signer: { address: signer.address, signTypedData: (args: Parameters<X402Signer["signTypedData"]>[0]) => (calls.push(args), signer.signTypedData(args)) },
  };
}

function tableDomain(network: Network) {
  return { name: network.usdc.name, version: network.usdc.version, chainId: network.chainId, verifyingContract: network.usdc.address };
}

describe("createPayment", () => {
  it("hands the authorization's nonce and window to beforeSign before the wallet is asked; if that fails, the wallet never is", async () => {
    const requirement = requirementFor(DEVNET);
    const paymentRequired = paymentRequiredFor(DEVNET, [requirement]);
    const w = counting(walletSigner(wallet(DEVNET.chainId), DEVNET));
    const seen: { nonce: Hex; validAfter: bigint; validBefore: bigint; walletCallsThen: number }[] = [];
    const p = await createPayment({
      paymentRequired, requirement, network: DEVNET, signer: w.signer,
      beforeSign: async (a) => void seen.push({ nonce: a.nonce, validAfter: a.validAfter, validBefore: a.validBefore, walletCallsThen: w.calls.length }),
    });
    expect(seen).toEqual([{ nonce: p.nonce, validAfter: p.validAfter, validBefore: p.validBefore, walletCallsThen: 0 }]);
    expect(w.calls).toHaveLength(1);

    const refused = counting(walletSigner(wallet(DEVNET.chainId), DEVNET));
    await expect(createPayment({
      paymentRequired, requirement, network: DEVNET, signer: refused.signer,
      beforeSign: async () => { throw new Error("the database is gone"); },
    })).rejects.toThrow(/database is gone/);
    expect(refused.calls).toHaveLength(0);
  });

  it("produces a PAYMENT-SIGNATURE that decodes to a v2 PaymentPayload signed by the wallet over the table's domain", async () => {
    const requirement = requirementFor(DEVNET);
    const paymentRequired = paymentRequiredFor(DEVNET, [{ ...requirement, scheme: "upto" }, requirement]);
    const before = Math.floor(Date.now() / 1000);
    const p = await createPayment({ paymentRequired, requirement, network: DEVNET, signer: walletSigner(wallet(DEVNET.chainId), DEVNET) });

    expect(p.headerName).toBe("PAYMENT-SIGNATURE");
    expect(p.header).toMatch(/^[A-Za-z0-9+/]+={0,2}$/); // standard base64
    const decoded = decodePaymentSignatureHeader(p.header);
    expect(PaymentPayloadV2Schema.safeParse(decoded).success).toBe(true);
    expect(decoded).toEqual(JSON.parse(JSON.stringify(p.payload)));
    expect(decoded.x402Version).toBe(2);
    expect(decoded.accepted).toEqual(requirement); // the gateway's requirement, unchanged
    expect(decoded.resource).toEqual(paymentRequired.resource);

    const { authorization, signature } = decoded.payload as {
      signature: Hex;
      authorization: { from: Hex; to: Hex; value: string; validAfter: string; validBefore: string; nonce: Hex };
    };
    expect(authorization.from).toBe(account.address);
    expect(authorization.to.toLowerCase()).toBe(DEVNET.payTo.toLowerCase());
    expect(authorization.value).toBe("31780");
    expect(authorization.nonce).toMatch(/^0x[0-9a-f]{64}$/);
    const validBefore = Number(authorization.validBefore);
    expect(validBefore).toBeGreaterThanOrEqual(before + 300);
    expect(validBefore).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 300);

    const recovered = await recoverTypedDataAddress({
      domain: tableDomain(DEVNET),
      types: TYPES,
      primaryType: "TransferWithAuthorization",
      message: {
        from: authorization.from,
        to: authorization.to,
        value: BigInt(authorization.value),
        validAfter: BigInt(authorization.validAfter),
        validBefore: BigInt(authorization.validBefore),
        nonce: authorization.nonce,
      },
      signature,
    });
    expect(recovered).toBe(account.address);

    expect(p.nonce).toBe(authorization.nonce);
    expect(p.from).toBe(account.address);
    expect(p.to.toLowerCase()).toBe(DEVNET.payTo.toLowerCase());
    expect(p.value).toBe(31780n);
    expect(p.validAfter).toBe(BigInt(authorization.validAfter));
    expect(p.validBefore).toBe(BigInt(validBefore));
  });

  it("signs with the table's domain when the 402 gives none, and echoes the requirement as sent", async () => {
    const requirement = requirementFor(DEVNET, { extra: {} });
    const { calls, signer } = counting(walletSigner(wallet(DEVNET.chainId), DEVNET));
    const p = await createPayment({ paymentRequired: paymentRequiredFor(DEVNET, [requirement]), requirement, network: DEVNET, signer });
    expect(calls).toHaveLength(1);
    expect((calls[0] as { domain: unknown }).domain).toEqual(tableDomain(DEVNET));
    expect(p.payload.accepted).toEqual(requirement);
  });

  it("pays amounts above @x402/core's default $1 spend cap on a known asset (Base USDC) and on the devnet's USDC", async () => {
    for (const network of [BASE, DEVNET]) {
      const requirement = requirementFor(network, { amount: "2500000" });
      const p = await createPayment({
        paymentRequired: paymentRequiredFor(network, [requirement]),
        requirement,
        network,
        signer: walletSigner(wallet(network.chainId), network),
      });
      expect(p.value).toBe(2_500_000n);
    }
  });

  it("each call signs a fresh nonce", async () => {
    const requirement = requirementFor(DEVNET);
    const args = { paymentRequired: paymentRequiredFor(DEVNET), requirement, network: DEVNET, signer: walletSigner(wallet(DEVNET.chainId), DEVNET) };
    const [a, b] = await Promise.all([createPayment(args), createPayment(args)]);
    expect(a.nonce).not.toBe(b.nonce);
  });
});

describe("a 402 whose extra lies about the token's domain", () => {
  const lying = requirementFor(DEVNET, { extra: { name: "Wrapped Ether", version: "1" } });

  it("is refused by the quote guard (first layer)", () => {
    const r = guardQuote(lying, DEVNET);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe("domain");
  });

  it("is refused again by createPayment, before the wallet is asked (second layer)", async () => {
    const { calls, signer } = counting(walletSigner(wallet(DEVNET.chainId), DEVNET));
    await expect(
      createPayment({ paymentRequired: paymentRequiredFor(DEVNET, [lying]), requirement: lying, network: DEVNET, signer }),
    ).rejects.toSatisfy((e) => e instanceof QuoteRefusedError && e.code === "domain");
    expect(calls).toHaveLength(0);
  });

  it.each([
    ["payTo", { payTo: "0x000000000000000000000000000000000000dEaD" }, "pay_to"],
    ["asset", { asset: BASE.usdc.address }, "asset"],
    ["chain", { network: "eip155:1" }, "chain"],
    ["Permit2", { extra: { name: "USD Coin", version: "2", assetTransferMethod: "permit2" } }, "scheme"],
  ] as const)("createPayment also refuses another %s", async (_l, over, code) => {
    const requirement = requirementFor(DEVNET, over as never);
    const { calls, signer } = counting(walletSigner(wallet(DEVNET.chainId), DEVNET));
    await expect(createPayment({ paymentRequired: paymentRequiredFor(DEVNET, [requirement]), requirement, network: DEVNET, signer })).rejects.toSatisfy(
      (e) => e instanceof QuoteRefusedError && e.code === code,
    );
    expect(calls).toHaveLength(0);
  });
});

describe("wallet signer adapter (last layer)", () => {
  const message = {
    from: account.address,
    to: DEVNET.payTo,
    value: 31780n,
    validAfter: 0n,
    validBefore: 2_000_000_000n,
    nonce: `0x${"11".repeat(32)}` as Hex,
  };
  const args = (domain: Record<string, unknown>, primaryType = "TransferWithAuthorization") => ({
    domain,
    types: TYPES as unknown as Record<string, unknown>,
    primaryType,
    message,
  });

  it("signs the table's domain and the signature recovers to the account", async () => {
    const sig = await walletSigner(wallet(DEVNET.chainId), DEVNET).signTypedData(args(tableDomain(DEVNET)));
    const recovered = await recoverTypedDataAddress({ domain: tableDomain(DEVNET), types: TYPES, primaryType: "TransferWithAuthorization", message, signature: sig });
    expect(recovered).toBe(account.address);
  });

  it.each([
    ["name", { name: "Wrapped Ether" }, "domain"],
    ["version", { version: "1" }, "domain"],
    ["verifyingContract", { verifyingContract: BASE.usdc.address }, "domain"],
    ["chainId", { chainId: 8453 }, "chain"],
  ] as const)("refuses another domain %s", async (_l, over, code) => {
    const s = walletSigner(wallet(DEVNET.chainId), DEVNET);
    await expect(s.signTypedData(args({ ...tableDomain(DEVNET), ...over }))).rejects.toSatisfy(
      (e) => e instanceof SigningRefusedError && e.code === code,
    );
  });

  it("refuses any other typed data", async () => {
    await expect(walletSigner(wallet(DEVNET.chainId), DEVNET).signTypedData(args(tableDomain(DEVNET), "Permit"))).rejects.toBeInstanceOf(
      SigningRefusedError,
    );
  });

  it("refuses while the wallet is on another chain, saying which to switch to", async () => {
    await expect(walletSigner(wallet(1), DEVNET).signTypedData(args(tableDomain(DEVNET)))).rejects.toThrow(/switch it to Devnet \(chain 31337\)/);
  });

  it("tableCheckedSigner refuses another recipient or value than approved", async () => {
    const s = tableCheckedSigner(walletSigner(wallet(DEVNET.chainId)), DEVNET, { to: DEVNET.payTo, value: 31780n });
    await expect(s.signTypedData({ ...args(tableDomain(DEVNET)), message: { ...message, value: 31781n } })).rejects.toSatisfy(
      (e) => e instanceof SigningRefusedError && e.code === "terms",
    );
    await expect(
      s.signTypedData({ ...args(tableDomain(DEVNET)), message: { ...message, to: "0x000000000000000000000000000000000000dEaD" } }),
    ).rejects.toSatisfy((e) => e instanceof SigningRefusedError && e.code === "terms");
    await expect(s.signTypedData(args(tableDomain(DEVNET)))).resolves.toMatch(/^0x[0-9a-f]{130}$/);
  });

  it("needs an account", () => {
    const noAccount = createWalletClient({ transport: custom({ request: async () => null }) });
    expect(() => walletSigner(noAccount, DEVNET)).toThrow(SigningRefusedError);
  });
});
