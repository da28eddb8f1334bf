/**
 * Regenerate and edit-and-resend through the real send flow on the devnet: each is a new quote shown before the
 * wallet is asked, a new payment, and a new branch of the conversation's tree; the old branch and its payment stay.
 */
import "fake-indexeddb/auto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublicClient, createWalletClient, http, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { startWorld, type World } from "@/devnet/world";
import { devAccount } from "@/devnet/accounts";
import { devnetChain } from "@/devnet/chain/start-chain";
import { devnetNetwork, type Network } from "@/lib/networks";
import { ChatDatabase } from "@/lib/db/schema";
import { createConversation, getConversation } from "@/lib/db/conversations";
import { listMessages } from "@/lib/db/messages";
import { SendController } from "@/lib/chat/send/controller";
import { buildChatRequest, serializeRequest } from "@/lib/chat/request-body";
import { buildTree, pathTo, siblingsOf, threadOf } from "@/lib/chat/thread";
import { payingWallet, type PayingWallet } from "@/lib/wallet/paying-wallet";
import { freePort } from "../fixtures/free-port";

let world: World;
let network: Network;
let client: PublicClient;
const realFetch = globalThis.fetch;
const sentBodies: string[] = [];

beforeAll(async () => {
  world = await startWorld({ rpcPort: await freePort(), gatewayPort: await freePort() });
  network = devnetNetwork(world.deployment);
  client = createPublicClient({ chain: devnetChain(network.chainId, network.rpcUrl), transport: http(network.rpcUrl) }) as PublicClient;
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input.toString();
    const m = /^\/api\/gateway\/devnet\/(.*)$/.exec(url);
    const headers = new Headers(init?.headers);
    if (m && headers.has("payment-signature")) sentBodies.push(String(init?.body));
    return realFetch(m ? `${world.deployment.gatewayUrl}/${m[1]}` : input, init);
  }) as typeof fetch;
});
afterAll(async () => {
  globalThis.fetch = realFetch;
  await world?.stop();
});

function wallet(index: number, onSign: () => void): PayingWallet {
  const account = privateKeyToAccount(devAccount(index).privateKey);
  const wc = createWalletClient({ account, chain: devnetChain(network.chainId, network.rpcUrl), transport: http(network.rpcUrl) });
  const signing = { ...wc, signTypedData: async (a: Parameters<typeof wc.signTypedData>[0]) => (onSign(), wc.signTypedData(a)) };
  return payingWallet({ address: account.address, walletClient: async () => signing as typeof wc, switchChain: async () => {}, publicClient: () => client });
}

describe("branches on the devnet", () => {
  it("regenerate and edit: each priced before signing, each paid, every branch and payment kept", async () => {
    const d = new ChatDatabase(`it-${crypto.randomUUID()}`);
    const c = new SendController({ db: () => d });
    let signatures = 0;
    const w = wallet(3, () => signatures++);
    const conv = await createConversation({ networkId: "devnet", model: "openai/gpt-4o-mini", settings: { maxTokens: 100 } }, d);
    const tree = async () => buildTree(await listMessages(conv.id, d));
    const send = async (o: { text: string; parentId: string | null; replyToId?: string }) => {
      const body = serializeRequest(buildChatRequest({
        model: conv.model, settings: conv.settings, history: pathTo(await tree(), o.parentId), userText: o.text, traits: {},
      }));
      await c.send({ network, conversationId: conv.id, model: conv.model, maxTokens: 100, body, free: false, ...o, keepDraft: !!o.replyToId }, w);
      // The price is shown (the dialog's state) before anything is signed.
      const s = c.getState();
      expect(s.name).toBe("confirming");
      expect(s.name === "confirming" && s.quote.amount > 0n).toBe(true);
      const before = signatures;
      await c.approve();
      expect(signatures).toBe(before + 1);
      expect(c.getState().name).toBe("done");
    };

    await send({ text: "first question", parentId: null });
    await send({ text: "second question", parentId: threadOf(await tree()).at(-1)!.id });
    const [u1, a1, u2] = threadOf(await tree());

    // Regenerate the first reply: no new message of the person's, a new reply beside a1.
    await send({ text: u1.content, parentId: null, replyToId: u1.id });
    let t = await tree();
    const regenerated = threadOf(t, (await getConversation(conv.id, d))?.activeLeafId);
    expect(regenerated.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(siblingsOf(t, regenerated[1]).list.map((m) => m.id)).toEqual([a1.id, regenerated[1].id]);
    expect(JSON.parse(sentBodies.at(-1)!).messages).toEqual([{ role: "user", content: "first question" }]);

    // Edit the second question: a sibling of u2, carried with the first exchange only.
    await send({ text: "second question, edited", parentId: a1.id });
    t = await tree();
    const edited = threadOf(t, (await getConversation(conv.id, d))?.activeLeafId);
    expect(edited.map((m) => m.content.slice(0, 15))).toEqual(["first question", a1.content.slice(0, 15), "second question", expect.any(String)]);
    expect(edited[2].content).toBe("second question, edited");
    expect(siblingsOf(t, edited[2]).list.map((m) => m.id)).toEqual([u2.id, edited[2].id]);
    const carried = JSON.parse(sentBodies.at(-1)!).messages as { content: string }[];
    expect(carried.map((m) => m.content)).toEqual(["first question", a1.content, "second question, edited"]);

    // Four sends, four payments, each its own reply; nothing deleted.
    const pays = await d.payments.toArray();
    expect(pays).toHaveLength(4);
    expect(new Set(pays.map((p) => p.messageId)).size).toBe(4);
    expect(await d.messages.count()).toBe(7);
  });
});
