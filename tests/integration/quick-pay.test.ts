/**
 * Quick pay on the real devnet: the main wallet funds a session with one transfer, the session pays two messages
 * through the unchanged send flow (no dialog, no main-wallet signature), and ending returns the exact rest with a
 * ReceiveWithAuthorization the main wallet submits. The main wallet ends exactly the two prices poorer in USDC.
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
import { getQuickPaySession, listMovements } from "@/lib/db/quickpay";
import { SendController } from "@/lib/chat/send/controller";
import type { SendRequest } from "@/lib/chat/send/machine";
import { buildChatRequest, serializeRequest } from "@/lib/chat/request-body";
import { openSession } from "@/lib/quickpay/open-session";
import { endSession, FUNDING_GRACE_MS } from "@/lib/quickpay/end-session";
import { sessionPayingWallet } from "@/lib/quickpay/session-wallet";
import { usdcQuickPayAbi } from "@/lib/quickpay/usdc-abi";
import type { FundingWallet } from "@/lib/quickpay/funding-wallet";

let world: World;
let network: Network;
let client: PublicClient;
const realFetch = globalThis.fetch;

beforeAll(async () => {
  world = await startWorld({ rpcPort: 38565, gatewayPort: 38422 });
  network = devnetNetwork(world.deployment);
  client = createPublicClient({ chain: devnetChain(network.chainId, network.rpcUrl), transport: http(network.rpcUrl), pollingInterval: 50 }) as PublicClient;
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

function mainWallet(index: number) {
  const account = privateKeyToAccount(devAccount(index).privateKey);
  const wc = createWalletClient({ account, chain: devnetChain(network.chainId, network.rpcUrl), transport: http(network.rpcUrl) });
  const sent: string[] = [];
  const main: FundingWallet = {
    address: account.address,
    write: async (_n, call) => {
      sent.push(call.functionName);
      return wc.writeContract({ address: network.usdc.address, abi: usdcQuickPayAbi, ...call } as Parameters<typeof wc.writeContract>[0]);
    },
    chain: () => client,
  };
  return { main, sent };
}

async function request(d: ChatDatabase, text: string): Promise<SendRequest> {
  const conv = await createConversation({ networkId: "devnet", model: "openai/gpt-4o-mini", settings: { maxTokens: 200 } }, d);
  const body = serializeRequest(buildChatRequest({ model: conv.model, settings: conv.settings, history: [], userText: text, traits: {} }));
  return { network, conversationId: conv.id, model: conv.model, maxTokens: 200, text, body, free: false };
}

describe("quick pay on the devnet", () => {
  it("funds, pays two messages without the dialog, returns the exact rest, deletes the key", async () => {
    const d = new ChatDatabase(`it-qp-${crypto.randomUUID()}`);
    const { main, sent } = mainWallet(4);
    const start = await balance(main.address);
    const s = await openSession({ network, main, amount: 1_000_000n, cap: 500_000n, expiresAt: Date.now() + 3_600_000, d });
    expect(sent).toEqual(["transfer"]);
    expect(await balance(s.address as `0x${string}`)).toBe(1_000_000n);

    const c = new SendController({ db: () => d });
    let spent = 0n;
    for (const text of ["Session pays one", "Session pays two"]) {
      await c.send(await request(d, text), sessionPayingWallet((await getQuickPaySession(s.id, d))!, () => client));
      const st = c.getState();
      expect(st.name).toBe("done"); // no "confirming": the session's cap was approved when it opened
    }
    const ps = await d.payments.toArray();
    expect(ps.map((p) => [p.status, p.payer, p.fundedBy, p.sessionId])).toEqual(ps.map(() => ["settled", s.address, main.address, s.id]));
    for (const p of ps) spent += BigInt(p.amount);
    expect(await balance(s.address as `0x${string}`)).toBe(1_000_000n - spent);

    const r = await endSession({ session: (await getQuickPaySession(s.id, d))!, network, main, d });
    expect(sent).toEqual(["transfer", "receiveWithAuthorization"]);
    expect(r.returned).toBe(1_000_000n - spent);
    expect(await balance(s.address as `0x${string}`)).toBe(0n);
    expect(await balance(main.address)).toBe(start - spent);
    const ended = (await getQuickPaySession(s.id, d))!;
    expect(ended.state).toBe("ended");
    expect(ended.sealedKey).toBeUndefined();
    expect((await listMovements(d)).map((m) => [m.kind, m.amount])).toEqual([["return", (1_000_000n - spent).toString()], ["top_up", "1000000"]]);
  });

  it("a declined top-up leaves no session to sign with", async () => {
    const d = new ChatDatabase(`it-qp-${crypto.randomUUID()}`);
    const { main } = mainWallet(4);
    const declining: FundingWallet = { ...main, write: async () => { throw Object.assign(new Error("User rejected the request."), { code: 4001 }); } };
    await expect(openSession({ network, main: declining, amount: 1_000_000n, cap: 50_000n, expiresAt: Date.now() + 60_000, d })).rejects.toThrow(/rejected/);
    const [s] = await d.quickPaySessions.toArray();
    expect(s.state).toBe("ended");
    expect(s.wrapKey).toBeUndefined();
  });

  it("a session whose top-up was never confirmed keeps its key while a late transfer could land", async () => {
    const d = new ChatDatabase(`it-qp-${crypto.randomUUID()}`);
    const { main, sent } = mainWallet(4);
    // The tab closes while the wallet's prompt is open: the session is written down, its funding tx never is.
    const hanging: FundingWallet = { ...main, write: () => new Promise(() => {}) };
    void openSession({ network, main: hanging, amount: 300_000n, cap: 100_000n, expiresAt: Date.now() + 3_600_000, d });
    await expect.poll(() => d.quickPaySessions.count()).toBe(1);
    const [s] = await d.quickPaySessions.toArray();
    expect(s.state).toBe("funding");

    // Ending it at once on a zero balance is refused, and the key stays.
    await expect(endSession({ session: s, network, main, d })).rejects.toThrow(/top-up .* never confirmed/);
    const kept = (await getQuickPaySession(s.id, d))!;
    expect(kept.state).toBe("funding");
    expect(kept.wrapKey).toBeDefined();

    // The transfer is sent later after all: the key is still there to return it.
    const start = await balance(main.address);
    await main.write(network, { functionName: "transfer", args: [s.address as `0x${string}`, 300_000n] }).then((hash) => client.waitForTransactionReceipt({ hash }));
    const r = await endSession({ session: (await getQuickPaySession(s.id, d))!, network, main, d });
    expect(r.returned).toBe(300_000n);
    expect(await balance(main.address)).toBe(start);
    expect(sent).toEqual(["transfer", "receiveWithAuthorization"]);
    expect((await getQuickPaySession(s.id, d))!.sealedKey).toBeUndefined();
  });

  it("after the grace period an unfunded session ends on a zero balance and its key goes", async () => {
    const d = new ChatDatabase(`it-qp-${crypto.randomUUID()}`);
    const { main } = mainWallet(4);
    const hanging: FundingWallet = { ...main, write: () => new Promise(() => {}) };
    void openSession({ network, main: hanging, amount: 300_000n, cap: 100_000n, expiresAt: Date.now() + 3_600_000, d });
    await expect.poll(() => d.quickPaySessions.count()).toBe(1);
    const [s] = await d.quickPaySessions.toArray();
    const r = await endSession({ session: s, network, main, d, now: () => s.createdAt + FUNDING_GRACE_MS + 1 });
    expect(r.returned).toBe(0n);
    const ended = (await getQuickPaySession(s.id, d))!;
    expect(ended.state).toBe("ended");
    expect(ended.wrapKey).toBeUndefined();
  });
});
