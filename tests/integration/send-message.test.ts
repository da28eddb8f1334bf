/**
 * The browser's send sequence (lib/chat/send-message) against the real local world: real gateway, real chain,
 * a real signature. The only stand-in is the transport: our server route's path is rewritten to the gateway.
 */
import "fake-indexeddb/auto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublicClient, createWalletClient, erc20Abi, http, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { startWorld, type World } from "@/devnet/world";
import { devAccount } from "@/devnet/accounts";
import { devnetChain } from "@/devnet/chain/start-chain";
import { devnetNetwork, type Network } from "@/lib/networks";
import { ChatDatabase } from "@/lib/db/schema";
import { createConversation } from "@/lib/db/conversations";
import { listMessages } from "@/lib/db/messages";
import { fetchQuote } from "@/lib/chat/quote";
import { sendMessage } from "@/lib/chat/send-message";
import { buildChatRequest, serializeRequest } from "@/lib/chat/request-body";
import { walletSigner } from "@/lib/x402/wallet-signer";

let world: World;
let network: Network;
let client: PublicClient;
const payer = devAccount(2);
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

describe("sendMessage on the devnet", () => {
  it("pays exactly the quoted amount, streams the reply, and records the settlement", async () => {
    const d = new ChatDatabase(`it-${crypto.randomUUID()}`);
    const conv = await createConversation({ networkId: "devnet", model: "openai/gpt-4o-mini", settings: { maxTokens: 200 } }, d);
    const body = serializeRequest(buildChatRequest({ model: conv.model, settings: conv.settings, history: [], userText: "Say hello", traits: {} }));
    const quote = await fetchQuote(network, body);
    expect(quote.amount).toBeGreaterThan(0n);

    const wallet = createWalletClient({ account: privateKeyToAccount(payer.privateKey), chain: devnetChain(network.chainId, network.rpcUrl), transport: http(network.rpcUrl) });
    const before = await balance(payer.address);
    const payToBefore = await balance(network.payTo);
    let streamed = "";
    const result = await sendMessage({
      network, conversationId: conv.id, model: conv.model, maxTokens: 200, userText: "Say hello", body, db: d,
      paid: {
        quote, payer: payer.address, signer: walletSigner(wallet) as never,
        ensureChain: async () => {}, readUsdcBalance: () => balance(payer.address), publicClient: client,
      },
      onDelta: (t) => (streamed = t),
    });
    expect(await balance(payer.address)).toBe(before - quote.amount);
    expect(await balance(network.payTo)).toBe(payToBefore + quote.amount);

    const payment = await d.payments.get(result.paymentId!);
    expect(payment?.status).toBe("settled");
    expect(payment?.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(BigInt(payment!.amount)).toBe(quote.amount);
    const receipt = await client.getTransactionReceipt({ hash: payment!.txHash as `0x${string}` });
    expect(receipt.status).toBe("success");

    const messages = await listMessages(conv.id, d);
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(messages[1].status).toBe("complete");
    expect(messages[1].content).toBe(streamed);
    expect(messages[1].content).toContain("Say hello");
    expect(messages[1].usage?.promptTokens).toBeGreaterThan(0);
  });

  it("declined by the wallet: nothing recorded, nothing saved, no money moved", async () => {
    const d = new ChatDatabase(`it-${crypto.randomUUID()}`);
    const conv = await createConversation({ networkId: "devnet", model: "openai/gpt-4o-mini" }, d);
    const body = serializeRequest(buildChatRequest({ model: conv.model, settings: conv.settings, history: [], userText: "no", traits: {} }));
    const quote = await fetchQuote(network, body);
    const before = await balance(payer.address);
    const refusing = {
      address: payer.address,
      signTypedData: async () => { throw Object.assign(new Error("User rejected the request."), { code: 4001 }); },
    };
    await expect(sendMessage({
      network, conversationId: conv.id, model: conv.model, maxTokens: 1024, userText: "no", body, db: d,
      paid: { quote, payer: payer.address, signer: refusing as never, ensureChain: async () => {}, readUsdcBalance: () => balance(payer.address) },
    })).rejects.toMatchObject({ code: "wallet_rejected" });
    expect(await d.payments.count()).toBe(0);
    expect(await listMessages(conv.id, d)).toEqual([]);
    expect(await balance(payer.address)).toBe(before);
  });

  it("a payer without enough USDC is stopped before signing, with the shortfall named", async () => {
    const d = new ChatDatabase(`it-${crypto.randomUUID()}`);
    const conv = await createConversation({ networkId: "devnet", model: "openai/gpt-4o-mini" }, d);
    const body = serializeRequest(buildChatRequest({ model: conv.model, settings: conv.settings, history: [], userText: "poor", traits: {} }));
    const quote = await fetchQuote(network, body);
    let asked = false;
    const signer = { address: payer.address, signTypedData: async () => { asked = true; return "0x" as const; } };
    await expect(sendMessage({
      network, conversationId: conv.id, model: conv.model, maxTokens: 1024, userText: "poor", body, db: d,
      paid: { quote, payer: payer.address, signer: signer as never, ensureChain: async () => {}, readUsdcBalance: async () => quote.amount - 1n },
    })).rejects.toMatchObject({ code: "insufficient_funds", message: expect.stringContaining("0.000001 USDC missing") });
    expect(asked).toBe(false);
    expect(await d.payments.count()).toBe(0);
  });
});
