/**
 * The browser's send flow (lib/chat/send: the machine and its controller) against the real local world: real
 * gateway, real chain, real signatures. The only stand-ins are the transport (our server route's path is rewritten
 * to the gateway) and the wallet (a viem account instead of wagmi, behind the same PayingWallet adapter).
 */
import "fake-indexeddb/auto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublicClient, createTestClient, createWalletClient, erc20Abi, http, type PublicClient, type WalletClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { startWorld, type World } from "@/devnet/world";
import { devAccount } from "@/devnet/accounts";
import { devnetChain } from "@/devnet/chain/start-chain";
import { devnetNetwork, type Network } from "@/lib/networks";
import { ChatDatabase } from "@/lib/db/schema";
import { createConversation } from "@/lib/db/conversations";
import { listMessages } from "@/lib/db/messages";
import { updateSpendSettings } from "@/lib/db/settings";
import { recordPayment, recordSigning } from "@/lib/db/payments";
import type { StoredPayment } from "@/lib/db/types";
import { SendController } from "@/lib/chat/send/controller";
import type { SendRequest } from "@/lib/chat/send/machine";
import { buildChatRequest, serializeRequest } from "@/lib/chat/request-body";
import { payingWallet, type PayingWallet } from "@/lib/wallet/paying-wallet";
import { reconcileOpenPayments } from "@/lib/payments/reconcile";
import { chainAccessFor } from "@/lib/history/chain-access";

let world: World;
let network: Network;
let client: PublicClient;
const realFetch = globalThis.fetch;

beforeAll(async () => {
  world = await startWorld({ rpcPort: 38545, gatewayPort: 38402 });
  network = devnetNetwork(world.deployment);
  client = createPublicClient({ chain: devnetChain(network.chainId, network.rpcUrl), transport: http(network.rpcUrl) }) as PublicClient;
  // Our server route is a pass-through; in Node the gateway is called directly.
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input.toString();
    const m = /^\/api\/gateway\/devnet\/(.*)$/.exec(url);
    return realFetch(m ? `${world.deployment.gatewayUrl}/${m[1]}` : input, init);
  }) as typeof fetch;
});
afterAll(async () => {
  globalThis.fetch = realFetch;
  await world?.stop();
});

const balance = (address: `0x${string}`) =>
  client.readContract({ address: network.usdc.address, abi: erc20Abi, functionName: "balanceOf", args: [address] });
const fault = (f: Record<string, unknown>) =>
  realFetch(`${new URL(world.deployment.gatewayUrl).origin}/__devnet/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(f) });

/** A PayingWallet over a dev account; `sign` can be replaced to refuse or to count. */
function testWallet(index: number, o: { onSign?(): void; reject?: boolean } = {}): PayingWallet {
  const account = privateKeyToAccount(devAccount(index).privateKey);
  const chain = devnetChain(network.chainId, network.rpcUrl);
  const wc = createWalletClient({ account, chain, transport: http(network.rpcUrl) });
  const signing: WalletClient = {
    ...wc,
    signTypedData: async (args: Parameters<typeof wc.signTypedData>[0]) => {
      o.onSign?.();
      if (o.reject) throw Object.assign(new Error("User rejected the request."), { code: 4001 });
      return wc.signTypedData(args);
    },
  } as WalletClient;
  return payingWallet({ address: account.address, walletClient: async () => signing, switchChain: async () => {}, publicClient: () => client });
}

async function request(d: ChatDatabase, text: string): Promise<SendRequest> {
  const conv = await createConversation({ networkId: "devnet", model: "openai/gpt-4o-mini", settings: { maxTokens: 200 } }, d);
  const body = serializeRequest(buildChatRequest({ model: conv.model, settings: conv.settings, history: [], userText: text, traits: {} }));
  return { network, conversationId: conv.id, model: conv.model, maxTokens: 200, text, body, free: false };
}

const freshDb = () => new ChatDatabase(`it-${crypto.randomUUID()}`);
const payments = (d: ChatDatabase) => d.payments.toArray();

describe("the send flow on the devnet", () => {
  it("pays exactly the quoted amount, streams the reply, and settles on chain", async () => {
    const d = freshDb();
    const c = new SendController({ db: () => d });
    const req = await request(d, "Say hello");
    const wallet = testWallet(2);
    const before = await balance(wallet.address);
    await c.send(req, wallet);
    const s = c.getState();
    expect(s.name).toBe("confirming");
    if (s.name !== "confirming") return;
    expect((await payments(d))[0]).toMatchObject({ status: "quoted", amount: s.quote.amount.toString() });
    await c.approve();
    expect(c.getState().name).toBe("done");
    expect(await balance(wallet.address)).toBe(before - s.quote.amount);
    const [p] = await payments(d);
    expect(p.status).toBe("settled");
    expect(p.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    const messages = await listMessages(req.conversationId, d);
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(messages[1]).toMatchObject({ status: "complete", paymentId: p.id });
    expect(messages[1].content).toContain("Say hello");
    expect(p.messageId).toBe(messages[1].id);
  });

  it("a double press of Send and of Pay and send signs once", async () => {
    const d = freshDb();
    const c = new SendController({ db: () => d });
    let signatures = 0;
    const wallet = testWallet(2, { onSign: () => signatures++ });
    const req = await request(d, "Once only");
    await Promise.all([c.send(req, wallet), c.send(req, wallet)]);
    expect(await d.payments.count()).toBe(1);
    await Promise.all([c.approve(), c.approve()]);
    expect(signatures).toBe(1);
    expect((await payments(d)).map((p) => p.status)).toEqual(["settled"]);
  });

  it("two tabs under a daily limit between 1x and 2x the price: exactly one reserves and signs", async () => {
    const d = freshDb();
    const [a, b] = [new SendController({ db: () => d }), new SendController({ db: () => d })];
    const wallet = testWallet(3);
    const reqA = await request(d, "Tab A");
    const reqB = await request(d, "Tab A"); // same body, same price
    const price = (await import("@/lib/chat/quote")).fetchQuote;
    const q = await price(network, reqA.body);
    await updateSpendSettings({ dailyLimit: (q.amount * 3n) / 2n }, d);
    await Promise.all([a.send({ ...reqA, cachedQuote: q }, wallet), b.send({ ...reqB, cachedQuote: q }, wallet)]);
    const states = [a.getState(), b.getState()];
    expect(states.map((s) => s.name).sort()).toEqual(["confirming", "failed"]);
    const refused = states.find((s) => s.name === "failed");
    expect(refused?.name === "failed" && refused.error.code).toBe("limit");
    expect(refused?.name === "failed" && refused.error.extra.limit).toEqual({ code: "daily_limit", over: q.amount / 2n + (q.amount % 2n) });
    await Promise.all([a.approve(), b.approve()]);
    const ps = await payments(d);
    expect(ps.filter((p) => p.status === "settled")).toHaveLength(1);
  });

  it("a limit lowered while the dialog is open refuses at the wallet's door, and releases the reservation", async () => {
    const d = freshDb();
    const c = new SendController({ db: () => d });
    let signatures = 0;
    const req = await request(d, "Lower the limit meanwhile");
    await c.send(req, testWallet(2, { onSign: () => signatures++ }));
    await updateSpendSettings({ conversationLimit: 1n }, d);
    await c.approve();
    const s = c.getState();
    expect(s.name === "failed" && s.error.extra.limit?.code).toBe("conversation_limit");
    expect(signatures).toBe(0);
    expect(await d.payments.count()).toBe(0);
  });

  it("declined by the wallet: the reservation is released, no message, no money moved", async () => {
    const d = freshDb();
    const c = new SendController({ db: () => d });
    const wallet = testWallet(2, { reject: true });
    const req = await request(d, "no");
    const before = await balance(wallet.address);
    await c.send(req, wallet);
    await c.approve();
    const s = c.getState();
    expect(s.name === "failed" && s.error.code).toBe("wallet_rejected");
    expect(await d.payments.count()).toBe(0);
    expect(await listMessages(req.conversationId, d)).toEqual([]);
    expect(await balance(wallet.address)).toBe(before);
  });

  it("a payment left 'signed' by a closed tab is settled from the chain on the next load", async () => {
    const d = freshDb();
    const c = new SendController({ db: () => d });
    const req = await request(d, "Closed tab");
    await c.send(req, testWallet(4));
    await c.approve();
    const [p] = await payments(d);
    await d.payments.update(p.id, { status: "signed", txHash: undefined }); // as a tab closed mid-reply leaves it
    const clientFor = () => ({ client: chainAccessFor(network).client, usdc: network.usdc.address });
    expect(await reconcileOpenPayments(clientFor, d)).toEqual({ open: 0 });
    expect(await d.payments.get(p.id)).toMatchObject({ status: "settled", txHash: p.txHash });
  });

  it("the authorization's nonce is committed before the wallet is asked; one left 'quoted' by a tab closed after its request left is settled from the chain", async () => {
    const d = freshDb();
    const c = new SendController({ db: () => d });
    let atSigning: Promise<StoredPayment[]> | undefined;
    const req = await request(d, "Nonce first");
    await c.send(req, testWallet(4, { onSign: () => (atSigning = d.payments.toArray()) }));
    await c.approve();
    const [p] = await payments(d);
    expect(p.status).toBe("settled");
    // What the database held when the wallet was asked: the reservation, with the nonce the wallet then signed.
    expect(await atSigning).toEqual([expect.objectContaining({ id: p.id, status: "quoted", nonce: p.nonce, messageId: p.messageId, validBefore: p.validBefore })]);
    // A tab that died after the request left and before "signed" was written: the record is "quoted" with its
    // nonce. It is not released as never signed: the chain shows it settled.
    await d.payments.update(p.id, { status: "quoted", txHash: undefined });
    const clientFor = () => ({ client: chainAccessFor(network).client, usdc: network.usdc.address });
    expect(await reconcileOpenPayments(clientFor, d)).toEqual({ open: 0 });
    expect(await d.payments.get(p.id)).toMatchObject({ status: "settled", txHash: p.txHash });
  });

  it("a 502 after the gateway settled, then the resend refused as used: ends charged with its transaction", async () => {
    const d = freshDb();
    const c = new SendController({ db: () => d });
    const wallet = testWallet(4);
    const req = await request(d, "Lost answer");
    const before = await balance(wallet.address);
    await c.send(req, wallet);
    await fault({ kind: "error_after_settle", status: 502 });
    await c.approve();
    const s = c.getState();
    expect(s.name).toBe("failed");
    const [p] = await payments(d);
    expect(p.status).toBe("settled");
    expect(p.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await balance(wallet.address)).toBe(before - BigInt(p.amount));
    expect(s.name === "failed" && s.error.message).toMatch(/you were charged/);
  });

  it("a refused signed payment stays unknown until its signature expires, then is proven not charged by the chain", async () => {
    const d = freshDb();
    const c = new SendController({ db: () => d });
    const wallet = testWallet(4);
    const req = await request(d, "Refused after signing");
    await c.send(req, wallet);
    await fault({ kind: "settlement_failure" });
    await c.approve();
    const [p] = await payments(d);
    expect(p.status).toBe("unknown");
    expect(p.reason).toMatch(/refused the payment/);
    // Beside it, one whose tab closed while the wallet was asked: "quoted" with a nonce, never signed. It may have
    // been signed and sent, so it is held like a signed one, not released.
    const { id: _id, createdAt: _c, updatedAt: _u, status: _s, nonce: _n, txHash: _t, reason: _r, ...terms } = p;
    const asked = await recordSigning(await recordPayment({ ...terms, amount: BigInt(p.amount) }, d), {
      payer: p.payer, messageId: "m-asked", nonce: `0x${"ab".repeat(32)}`, validAfter: "0", validBefore: p.validBefore,
    }, d);
    // Nothing is proven yet: a reload's reconciliation leaves both open.
    // As the app does it (components/providers/payment-reconciler.tsx): the network's public RPC, no wallet.
    const clientFor = () => ({ client: chainAccessFor(network).client, usdc: network.usdc.address });
    expect(await reconcileOpenPayments(clientFor, d)).toEqual({ open: 2 });
    expect((await d.payments.get(asked.id))?.status).toBe("unknown");
    // Past validBefore on the chain's clock: the nonce can never be used.
    const test = createTestClient({ mode: "anvil", chain: devnetChain(network.chainId, network.rpcUrl), transport: http(network.rpcUrl) });
    await test.increaseTime({ seconds: 3600 });
    await test.mine({ blocks: 1 });
    expect(await reconcileOpenPayments(clientFor, d)).toEqual({ open: 0 });
    expect((await d.payments.get(p.id))?.status).toBe("expired");
    expect((await d.payments.get(asked.id))?.status).toBe("expired");
  });
});
