/**
 * Runs in Chromium (bundled by bench/reserve.ts): the guard + reservation step against the browser's own IndexedDB.
 */
import { ChatDatabase } from "../lib/db/schema";
import { updateSpendSettings } from "../lib/db/settings";
import type { StoredPayment } from "../lib/db/types";
import { confirmReservation, releaseReservation, reservePayment } from "../lib/payments/reserve";
import { devnetNetwork } from "../lib/networks";
import type { PaymentRequirements } from "@x402/core/types";

const network = devnetNetwork({
  chainId: 31337, rpcUrl: "http://127.0.0.1:8545", gatewayUrl: "http://127.0.0.1:8402/api",
  usdc: { address: "0x39dD11C243Ac4Ac250980FA3AEa016f73C509f37", name: "USDC", version: "2", decimals: 6 },
  payTo: "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720",
});
const payer = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const requirement: PaymentRequirements = {
  scheme: "exact", network: network.caip2, asset: network.usdc.address, amount: "1234", payTo: network.payTo,
  maxTimeoutSeconds: 300, extra: { name: network.usdc.name, version: network.usdc.version },
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function run(days: number) {
  const d = new ChatDatabase(`bench-reserve-${days}-${crypto.randomUUID()}`);
  const now = Date.now();
  const rows: StoredPayment[] = Array.from({ length: 10_000 }, (_, i) => ({
    id: `p${i}`, createdAt: now - (i % days) * 86_400_000 - i, updatedAt: now, conversationId: `c${i % 200}`, messageId: `m${i}`,
    networkId: "devnet", chainId: network.chainId, model: "openai/gpt-4o-mini", maxTokens: 1024, amount: "1000",
    asset: network.usdc.address, payTo: network.payTo, payer, status: i % 10 === 0 ? "expired" : "settled",
    nonce: `0x${i.toString(16).padStart(64, "0")}`,
  }));
  await d.payments.bulkPut(rows);
  await updateSpendSettings({ dailyLimit: 10n ** 12n, conversationLimit: 10n ** 12n }, d);
  const reserve: number[] = [];
  const recheck: number[] = [];
  for (let i = 0; i < 40; i++) {
    const id = crypto.randomUUID();
    const t0 = performance.now();
    const r = await reservePayment({
      id, requirement, network,
      payment: {
        conversationId: "c7", messageId: "", networkId: "devnet", chainId: network.chainId, model: "m", maxTokens: 1,
        amount: 1234n, asset: requirement.asset, payTo: requirement.payTo, payer,
      },
    }, d);
    const t1 = performance.now();
    if (!r.ok) throw new Error(r.refusal.message);
    await confirmReservation(id, requirement, network, d);
    const t2 = performance.now();
    await releaseReservation(id, d);
    if (i >= 10) {
      reserve.push(t1 - t0);
      recheck.push(t2 - t1);
    }
  }
  d.close();
  await d.delete();
  return { days, reserve: median(reserve), recheck: median(recheck) };
}

/** The floor on this machine right now: one read-write transaction that reads one row and writes one. */
async function floor() {
  const d = new ChatDatabase(`bench-floor-${crypto.randomUUID()}`);
  await d.settings.put({ key: "x", value: 1 });
  const xs: number[] = [];
  for (let i = 0; i < 40; i++) {
    const t0 = performance.now();
    await d.transaction("rw", d.settings, async () => {
      await d.settings.get("x");
      await d.settings.put({ key: `w${i}`, value: i });
    });
    if (i >= 10) xs.push(performance.now() - t0);
  }
  d.close();
  await d.delete();
  return median(xs);
}

(globalThis as unknown as { benchReserve: () => Promise<unknown> }).benchReserve = async () => ({
  floor: await floor(),
  runs: [await run(100), await run(1)],
});
