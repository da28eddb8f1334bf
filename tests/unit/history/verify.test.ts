/** Verification against a real chain: anvil with Circle's USDC, authorizations settled by the facilitator key. */
import "fake-indexeddb/auto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublicClient, http, type PublicClient } from "viem";
import { startChain, type Chain } from "@/devnet/chain/start-chain";
import { devnetNetwork, type Network } from "@/lib/networks";
import { ChatDatabase } from "@/lib/db/schema";
import type { StoredPayment } from "@/lib/db/types";
import { applyChecks, checkPayments, NEVER_SETTLED_REASON, summarizeChecks, type PaymentCheck } from "@/lib/history/verify";
import { chainAccessFor } from "@/lib/history/chain-access";
import { randomNonce, settler } from "./settle-helper";
import { payment } from "./fixtures";

let chain: Chain;
let network: Network;
let s: ReturnType<typeof settler>;
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  chain = await startChain({ port: 20_000 + Math.floor(Math.random() * 20_000), chainId: 31337 });
  network = devnetNetwork({ chainId: chain.chainId, rpcUrl: chain.rpcUrl, gatewayUrl: "http://127.0.0.1:1/api", usdc: chain.usdc, payTo: chain.payTo });
  s = settler(chain);
}, 60_000);
afterAll(async () => {
  await chain?.stop();
});

function recordOf(p: { payer: string; nonce: string; txHash?: string; validBefore: bigint }, over: Partial<StoredPayment> = {}) {
  return payment({
    payer: p.payer, nonce: p.nonce, txHash: p.txHash, validBefore: String(p.validBefore), asset: chain.usdc.address,
    payTo: chain.payTo, chainId: chain.chainId, amount: "1012", ...over,
  });
}

describe("checkPayments on a real chain", () => {
  it("marks each payment verified, mismatch, not found, pending or not charged, and corrects statuses", async () => {
    const key = chain.fundedAccounts[1].privateKey;
    const ok = await s.settle({ payerKey: key, to: chain.payTo, value: 1012n });
    const noReply = await s.settle({ payerKey: key, to: chain.payTo, value: 2024n });
    const wrongAmount = await s.settle({ payerKey: key, to: chain.payTo, value: 5000n });
    const wrongTo = await s.settle({ payerKey: key, to: chain.fundedAccounts[3].address, value: 1012n });
    const wrongTx = await s.settle({ payerKey: key, to: chain.payTo, value: 1012n });
    const refusedButPaid = await s.settle({ payerKey: key, to: chain.payTo, value: 1012n });
    const payer = ok.payer;
    const unused = (validBefore: bigint) => ({ payer, nonce: randomNonce(), validBefore });

    const records = [
      recordOf(ok),
      recordOf({ ...noReply, txHash: undefined }, { status: "unknown", amount: "2024" }),
      recordOf(wrongAmount, { amount: "4000" }),
      recordOf(wrongTo),
      recordOf({ ...wrongTx, txHash: ok.txHash }),
      recordOf({ ...refusedButPaid, txHash: undefined }, { status: "not_signed", reason: "timeout" }),
      recordOf(unused(BigInt(now() - 3600)), { status: "signed" }),
      recordOf(unused(BigInt(now() + 3600)), { status: "signed" }),
      recordOf(unused(BigInt(now() - 3600)), { status: "not_signed" }),
      recordOf({ ...unused(BigInt(now() - 3600)), txHash: ok.txHash }, { status: "settled" }),
      recordOf(unused(BigInt(now() + 3600)), { chainId: 8453 }),
      payment({ status: "quoted", nonce: undefined, txHash: undefined }),
    ];
    const checks = await checkPayments(records, () => chainAccessFor(network));
    const by = (i: number) => checks[i];
    expect(checks.map((c) => c.state)).toEqual([
      "verified", "verified", "mismatch", "mismatch", "verified", "verified",
      "not_charged", "pending", "not_charged", "not_found", "unavailable", "not_charged",
    ]);
    expect(by(0)).toMatchObject({ onChainValue: 1012n, txHash: ok.txHash, update: undefined });
    expect(by(1)).toMatchObject({ onChainValue: 2024n, txHash: noReply.txHash, update: { status: "settled", txHash: noReply.txHash } });
    expect(by(2).detail).toMatch(/moved 0\.005000 USDC, not the 0\.004000 USDC/);
    expect(by(3).detail).toMatch(new RegExp(`paid ${chain.fundedAccounts[3].address}`));
    expect(by(4)).toMatchObject({ txHash: wrongTx.txHash, update: { status: "settled", txHash: wrongTx.txHash } });
    expect(by(5).update).toEqual({ status: "settled", txHash: refusedButPaid.txHash });
    expect(by(6).update).toEqual({ status: "expired", reason: NEVER_SETTLED_REASON });
    expect(by(7).update).toBeUndefined();
    expect(by(10).detail).toMatch(/chain 8453/);

    const sum = summarizeChecks(records, checks);
    // Charged after the chain's corrections: 0..5 (5 was refused, now settled), 7 (pending), 9 (recorded paid),
    // 10 (recorded paid on a chain this app cannot read).
    expect(sum).toMatchObject({ charged: 9, verified: 4, mismatch: 2, notFound: 1, pending: 1, notCharged: 3, unavailable: 1 });
    expect(sum.recorded).toBe(1012n + 2024n + 4000n + 1012n + 1012n + 1012n + 1012n + 1012n + 1012n);
    expect(sum.onChain).toBe(1012n + 2024n + 5000n + 1012n + 1012n + 1012n);
    expect(sum.text).toBe("4 of 9 payments verified on chain; 0.013108 USDC recorded, 0.011072 USDC on chain");

    const d = new ChatDatabase(`test-${crypto.randomUUID()}`);
    await d.payments.bulkAdd(records);
    expect(await applyChecks(checks, d)).toBe(4); // 1, 4 (its real transaction), 5, 6
    expect(await d.payments.get(records[1].id)).toMatchObject({ status: "settled", txHash: noReply.txHash });
    expect(await d.payments.get(records[6].id)).toMatchObject({ status: "expired", reason: NEVER_SETTLED_REASON });
    expect(await d.payments.get(records[0].id)).toEqual(records[0]);
  });

  it("checks 100 payments in one batched pass", async () => {
    const key = chain.fundedAccounts[2].privateKey;
    const settled = [];
    for (let i = 0; i < 100; i++) settled.push(await s.settle({ payerKey: key, to: chain.payTo, value: BigInt(1000 + i) }));
    const records = settled.map((p, i) => recordOf(p, { amount: String(1000 + i) }));
    let requests = 0;
    const client = createPublicClient({
      transport: http(chain.rpcUrl, { batch: { batchSize: 200 }, onFetchRequest: () => void requests++ }),
    }) as PublicClient;
    const access = chainAccessFor(network, client);
    const t0 = performance.now();
    const checks: PaymentCheck[] = await checkPayments(records, () => access);
    const ms = performance.now() - t0;
    expect(checks.every((c) => c.state === "verified")).toBe(true);
    expect(requests).toBeLessThanOrEqual(3); // one multicall, one batch of 100 receipts
    console.log(`verified 100 payments in ${ms.toFixed(0)} ms with ${requests} HTTP requests`);
  }, 60_000);

  it("reports an unreachable chain as unavailable, never as not found", async () => {
    const dead = { ...network, rpcUrl: "http://127.0.0.1:9" };
    const ok = await s.settle({ payerKey: chain.fundedAccounts[1].privateKey, to: chain.payTo, value: 1012n });
    const client = createPublicClient({ transport: http(dead.rpcUrl, { retryCount: 0 }) }) as PublicClient;
    const [c] = await checkPayments([recordOf(ok)], () => chainAccessFor(dead, client));
    expect(c.state).toBe("unavailable");
    expect(c.detail).toMatch(/Could not read the chain/);
    const [u] = await checkPayments([recordOf(ok)], () => "Base is not configured in this app.");
    expect(u).toMatchObject({ state: "unavailable", detail: "Base is not configured in this app." });
  });
});
