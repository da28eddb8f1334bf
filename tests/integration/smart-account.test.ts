/**
 * A smart-account wallet pays the devnet gateway: DevnetSmartAccount (ERC-1271, Coinbase Smart Wallet's signature
 * shape) signs through @x402/core's client, counterfactual first (ERC-6492: the first settlement deploys it through
 * the factory), then deployed (plain ERC-1271). viem's own ERC-6492/1271 verifier checks the same signatures, and
 * the chain says where the USDC went. Also: the settlement reuses its verification (verify once), and a payload
 * that was not verified, or is settled twice, takes the library's full path.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublicClient, createWalletClient, encodeFunctionData, erc20Abi, hashTypedData, http, parseSignature, type Address, type Hex, type PublicClient } from "viem";
import { eip3009ABI } from "@x402/evm";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { x402Client, x402HTTPClient } from "@x402/core/client";
import { decodePaymentRequiredHeader, decodePaymentResponseHeader } from "@x402/core/http";
import type { PaymentPayload, PaymentRequired } from "@x402/core/types";
import { ExactEvmScheme } from "@x402/evm/exact/client";
import { startWorld, type World } from "@/devnet/world";
import { devAccount } from "@/devnet/accounts";
import { devnetChain } from "@/devnet/chain/start-chain";
import {
  deploySmartAccountFactory,
  signTypedDataAsSmartAccount,
  smartAccountAddress,
  smartAccountFactoryAbi,
  type SmartAccountRef,
} from "@/devnet/chain/smart-account";
import { createX402, makePublicClient, SerialSender, type X402 } from "@/devnet/gateway/payment";
import type { X402Signer } from "@/lib/x402/wallet-signer";
import { freePort } from "../fixtures/free-port";


const jsonHeaders = { "content-type": "application/json" };
const body = (content: string) => JSON.stringify({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content }], max_tokens: 100 });

describe("a smart-account wallet pays the devnet gateway", () => {
  let world: World;
  let client: PublicClient;
  let chat: string;
  let origin: string;

  beforeAll(async () => {
    world = await startWorld({ rpcPort: await freePort(), gatewayPort: 0, chainId: 31337, tokensPerSecond: 0 });
    client = createPublicClient({ transport: http(world.chain.rpcUrl) }) as PublicClient;
    chat = `${world.gateway.url}/v1/chat/completions`;
    origin = world.gateway.url.replace(/\/api$/, "");
  }, 60_000);

  afterAll(async () => {
    await world?.stop();
  });

  const balance = (a: Address) => client.readContract({ address: world.chain.usdc.address, abi: erc20Abi, functionName: "balanceOf", args: [a] });
  const hasCode = async (a: Address) => ((await client.getCode({ address: a })) ?? "0x") !== "0x";

  /** A fresh owner key, its counterfactual account under `factory`, funded with USDC by the devnet faucet. */
  async function newSmartWallet(factory = world.chain.smartAccountFactory, usdc = "5") {
    const owner = privateKeyToAccount(generatePrivateKey());
    const ref: SmartAccountRef = { factory, owner, chainId: 31337 };
    const address = smartAccountAddress(factory, owner.address);
    const res = await fetch(`${origin}/__devnet/faucet`, { method: "POST", headers: jsonHeaders, body: JSON.stringify({ address, usdc, eth: "0" }) });
    expect(res.status).toBe(200);
    return { owner, ref, address };
  }

  /** An x402 client whose signer is the smart account: ERC-6492-wrapped while it has no code. */
  function payerFor(ref: SmartAccountRef, address: Address, signingKey?: PrivateKeyAccount, opts: { alwaysWrap?: boolean } = {}) {
    const signer = {
      address,
      signTypedData: async (td: Parameters<X402Signer["signTypedData"]>[0]) =>
        signTypedDataAsSmartAccount(signingKey ? { ...ref, owner: signingKey } : ref, td as never, opts.alwaysWrap ? false : await hasCode(address)),
    };
    const c = new x402Client().register("eip155:31337", new ExactEvmScheme(signer));
    c.setSpendControls({ allowedAssets: [{ network: "eip155:31337", asset: world.chain.usdc.address }] });
    return { x402: c, http: new x402HTTPClient(c) };
  }

  async function quote(content: string): Promise<PaymentRequired> {
    const res = await fetch(chat, { method: "POST", headers: jsonHeaders, body: body(content) });
    expect(res.status).toBe(402);
    return decodePaymentRequiredHeader(res.headers.get("payment-required")!);
  }

  async function pay(p: ReturnType<typeof payerFor>, content: string) {
    const pr = await quote(content);
    const payload = await p.x402.createPaymentPayload(pr);
    const res = await fetch(chat, { method: "POST", headers: { ...jsonHeaders, ...p.http.encodePaymentSignatureHeader(payload) }, body: body(content) });
    return { res, payload, amount: BigInt(pr.accepts[0].amount), signature: (payload.payload as { signature: Hex }).signature };
  }

  it("the factory deploys where the offline CREATE2 computation says", async () => {
    const owner = privateKeyToAccount(generatePrivateKey()).address;
    const onChain = await client.readContract({ address: world.chain.smartAccountFactory, abi: smartAccountFactoryAbi, functionName: "getAddress", args: [owner, 0n] });
    expect(onChain).toBe(smartAccountAddress(world.chain.smartAccountFactory, owner));
    expect(world.deployment.smartAccountFactory).toBe(world.chain.smartAccountFactory);
  });

  it("pays counterfactual (the settlement deploys the account), then deployed; exactly the amount leaves the account each time", async () => {
    const { ref, address } = await newSmartWallet();
    const p = payerFor(ref, address);
    expect(await hasCode(address)).toBe(false);
    const start = await balance(address);
    expect(start).toBe(5_000_000n);
    const payTo0 = await balance(world.chain.payTo);

    const first = await pay(p, "first payment, counterfactual");
    expect(first.res.status).toBe(200);
    expect(first.signature.endsWith("6492649264926492649264926492649264926492649264926492649264926492")).toBe(true);
    const settled1 = decodePaymentResponseHeader(first.res.headers.get("payment-response")!);
    expect(settled1).toMatchObject({ success: true, payer: address });
    expect(await hasCode(address)).toBe(true);
    expect(await balance(address)).toBe(start - first.amount);

    const second = await pay(p, "second payment, deployed");
    expect(second.res.status).toBe(200);
    expect(second.signature.endsWith("6492")).toBe(false);
    expect((second.signature.length - 2) / 2).toBeGreaterThan(65); // ERC-1271, not ECDSA
    expect(await balance(address)).toBe(start - first.amount - second.amount);
    expect(await balance(world.chain.payTo)).toBe(payTo0 + first.amount + second.amount);

    // Some smart wallets keep the ERC-6492 wrapper after deployment: the factory call is then a no-op.
    const third = await pay(payerFor(ref, address, undefined, { alwaysWrap: true }), "third payment, deployed but still wrapped");
    expect(third.res.status).toBe(200);
    expect(third.signature.endsWith("6492649264926492649264926492649264926492649264926492649264926492")).toBe(true);
    expect(await balance(address)).toBe(start - first.amount - second.amount - third.amount);
  });

  it("viem's ERC-6492 / ERC-1271 verifier accepts both forms, and refuses another owner's", async () => {
    const { ref, address, owner } = await newSmartWallet();
    const typed = {
      domain: { name: "USD Coin", version: "2", chainId: 31337, verifyingContract: world.chain.usdc.address },
      types: { Mail: [{ name: "contents", type: "string" }] },
      primaryType: "Mail",
      message: { contents: "hello" },
    } as const;
    const counterfactual = await signTypedDataAsSmartAccount(ref, typed, false);
    expect(await client.verifyTypedData({ address, ...typed, signature: counterfactual })).toBe(true);
    const stranger = await signTypedDataAsSmartAccount({ ...ref, owner: privateKeyToAccount(generatePrivateKey()) }, typed, false);
    expect(await client.verifyTypedData({ address, ...typed, signature: stranger })).toBe(false);

    const deployer = createWalletClient({ account: privateKeyToAccount(devAccount(0).privateKey), chain: devnetChain(31337, world.chain.rpcUrl), transport: http(world.chain.rpcUrl) });
    const tx = await deployer.writeContract({ address: world.chain.smartAccountFactory, abi: smartAccountFactoryAbi, functionName: "createAccount", args: [owner.address, 0n] });
    await client.waitForTransactionReceipt({ hash: tx });
    const deployed = await signTypedDataAsSmartAccount(ref, typed, true);
    expect(await client.verifyTypedData({ address, ...typed, signature: deployed })).toBe(true);
    // The owner's own ECDSA signature of the raw hash is not the account's signature (replay-safe hash).
    const raw = await owner.sign({ hash: hashTypedData(typed) });
    expect(await client.verifyTypedData({ address, ...typed, signature: raw })).toBe(false);
  });

  /** The devnet refuses a paid request as BlockRun does: 402 {error, code, message, debug} with the reason in debug. */
  const refusalReason = async (res: Response) => ((await res.clone().json()) as { debug?: string }).debug;

  it("refuses a smart account signed by another key, deployed or not, and nothing moves", async () => {
    const { ref, address } = await newSmartWallet();
    const mallory = privateKeyToAccount(generatePrivateKey());
    const p = payerFor(ref, address, mallory);
    const before = await balance(address);
    const counterfactual = await pay(p, "mallory, counterfactual");
    expect(counterfactual.res.status).toBe(402);
    expect(await refusalReason(counterfactual.res)).toMatch(/^invalid_exact_evm_/);
    expect(await hasCode(address)).toBe(false);

    await pay(payerFor(ref, address), "the owner deploys it"); // deployed now
    const after = await balance(address);
    expect(after).toBeLessThan(before);
    const deployed = await pay(p, "mallory, deployed");
    expect(deployed.res.status).toBe(402);
    expect(await refusalReason(deployed.res)).toBe("invalid_exact_evm_signature");
    expect(await balance(address)).toBe(after);
  });

  it("refuses to deploy through a factory it does not know", async () => {
    const deployer = createWalletClient({ account: privateKeyToAccount(devAccount(0).privateKey), chain: devnetChain(31337, world.chain.rpcUrl), transport: http(world.chain.rpcUrl) });
    const otherFactory = await deploySmartAccountFactory(deployer, client);
    const { ref, address } = await newSmartWallet(otherFactory);
    const r = await pay(payerFor(ref, address), "unknown factory");
    expect(r.res.status).toBe(402);
    expect(await refusalReason(r.res)).toBe("eip6492_factory_not_allowed");
    expect(await hasCode(address)).toBe(false);
    expect(await balance(address)).toBe(5_000_000n);
  });
});

describe("verify once: settle reuses the verification of the same payload", () => {
  let world: World;
  let x402: X402;
  let pr: PaymentRequired;

  beforeAll(async () => {
    world = await startWorld({ rpcPort: await freePort(), gatewayPort: 0, chainId: 31337, tokensPerSecond: 0 });
    const { chain } = world;
    // A second facilitator over the same chain, with its own key (dev account 3), so its stats are ours alone.
    x402 = await createX402({
      rpcUrl: chain.rpcUrl, chainId: 31337, usdc: chain.usdc, payTo: chain.payTo,
      facilitatorPrivateKey: devAccount(3).privateKey, eip6492AllowedFactories: [chain.smartAccountFactory],
    });
    pr = x402.paymentRequired([x402.requirements(12_345n)], { url: "http://devnet/test" }, undefined);
  }, 60_000);

  afterAll(async () => {
    await world?.stop();
  });

  async function sign(key: Hex): Promise<PaymentPayload> {
    const c = new x402Client().register("eip155:31337", new ExactEvmScheme(privateKeyToAccount(key)));
    c.setSpendControls(false);
    return c.createPaymentPayload(pr);
  }

  it("verified then settled: one settlement on the verify-once path; the same payload again takes the library's path and is refused", async () => {
    const payload = await sign(devAccount(2).privateKey);
    const req = x402.match(pr.accepts[0], payload)!;
    expect(req).toBeDefined();
    expect((await x402.verify(payload, req)).isValid).toBe(true);
    const stats0 = { ...x402.scheme.stats };
    const settled = await x402.settle(payload, req);
    expect(settled).toMatchObject({ success: true, payer: devAccount(2).address });
    expect(x402.scheme.stats.verifiedOnce).toBe(stats0.verifiedOnce + 1);

    const again = await x402.settle(payload, req);
    expect(again.success).toBe(false);
    expect(x402.scheme.stats.library).toBe(stats0.library + 1);
  });

  it("a payload never verified here is settled by the library (which verifies it), and a tampered one is refused", async () => {
    const payload = await sign(devAccount(4).privateKey);
    const req = x402.match(pr.accepts[0], payload)!;
    expect((await x402.verify(payload, req)).isValid).toBe(true);
    // Same authorization, another recipient in the signed terms: not the verified payload.
    const inner = payload.payload as { authorization: Record<string, string>; signature: Hex };
    const tampered: PaymentPayload = { ...payload, payload: { ...inner, authorization: { ...inner.authorization, value: "1" } } };
    const stats0 = { ...x402.scheme.stats };
    const r = await x402.settle(tampered, req);
    expect(r.success).toBe(false);
    expect(x402.scheme.stats.library).toBe(stats0.library + 1);
    expect(x402.scheme.stats.verifiedOnce).toBe(stats0.verifiedOnce);
    // The verified one still settles, once.
    expect((await x402.settle(payload, req)).success).toBe(true);
  });

  it("verified, then its authorization used on chain by someone else: settling is refused with the reason, and nothing is sent", async () => {
    const payload = await sign(devAccount(2).privateKey);
    const req = x402.match(pr.accepts[0], payload)!;
    expect((await x402.verify(payload, req)).isValid).toBe(true);
    const client = makePublicClient(world.chain.rpcUrl, 31337, false);
    const { authorization: a, signature } = payload.payload as { authorization: Record<string, string>; signature: Hex };
    const s = parseSignature(signature);
    const other = new SerialSender(client, devAccount(0).privateKey, 31337, world.chain.rpcUrl);
    const data = encodeFunctionData({
      abi: eip3009ABI, functionName: "transferWithAuthorization",
      args: [a.from as Address, a.to as Address, BigInt(a.value), BigInt(a.validAfter), BigInt(a.validBefore), a.nonce as Hex, Number(s.v), s.r, s.s],
    });
    expect((await other.waitForReceipt(await other.send({ to: world.chain.usdc.address, data }))).status).toBe("success");

    const sent = await client.getTransactionCount({ address: x402.facilitatorAddress });
    const r = await x402.settle(payload, req);
    expect(r).toMatchObject({ success: false, errorReason: "invalid_exact_evm_nonce_already_used", transaction: "" });
    expect(await client.getTransactionCount({ address: x402.facilitatorAddress })).toBe(sent);
  });
});
