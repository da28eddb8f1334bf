/**
 * Real paid requests for the history benchmark: a devnet account asks the gateway for a completion, reads the
 * 402, signs with the app's own x402 code (lib/x402/pay.ts), and retries with PAYMENT-SIGNATURE; the gateway
 * settles on chain. Returns the payments as the app would have stored them.
 */
import type { Hex, TypedDataDefinition } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { DevnetDeployment } from "../lib/devnet-deployment";
import type { StoredPayment } from "../lib/db/types";
import { devnetNetwork, type Network, type ServerNetwork } from "../lib/networks";
import { readChallenge } from "../lib/x402/challenge";
import { createPayment } from "../lib/x402/pay";
import { readSettlement } from "../lib/x402/settlement";

export function networkOf(d: DevnetDeployment): ServerNetwork {
  return devnetNetwork({ chainId: d.chainId, rpcUrl: d.rpcUrl, gatewayUrl: d.gatewayUrl, usdc: d.usdc, payTo: d.payTo });
}

export async function payOnce(opts: { network: ServerNetwork; privateKey: Hex; model: string; text: string; conversationId: string }): Promise<StoredPayment> {
  const { network } = opts;
  const account = privateKeyToAccount(opts.privateKey);
  const body = JSON.stringify({ model: opts.model, messages: [{ role: "user", content: opts.text }], max_tokens: 16 });
  const url = `${network.gatewayUrl}/v1/chat/completions`;
  const headers = { "content-type": "application/json" };
  const first = await fetch(url, { method: "POST", headers, body });
  if (first.status !== 402) throw new Error(`expected 402 from ${url}, got ${first.status}: ${await first.text()}`);
  const challenge = await readChallenge(first, network);
  const createdAt = Date.now();
  const signed = await createPayment({
    paymentRequired: challenge.paymentRequired,
    requirement: challenge.requirement,
    network,
    signer: { address: account.address, signTypedData: (args) => account.signTypedData(args as unknown as TypedDataDefinition) },
  });
  const res = await fetch(url, { method: "POST", headers: { ...headers, [signed.headerName]: signed.header }, body });
  const settlement = readSettlement(res);
  const json = (await res.json().catch(() => ({}))) as { usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } };
  if (!res.ok || !settlement?.transaction) throw new Error(`paid request failed: ${res.status} ${JSON.stringify(json).slice(0, 200)}`);
  const u = json.usage;
  return {
    id: crypto.randomUUID(),
    createdAt,
    updatedAt: Date.now(),
    conversationId: opts.conversationId,
    messageId: crypto.randomUUID(),
    networkId: network.id,
    chainId: network.chainId,
    model: opts.model,
    maxTokens: 16,
    amount: challenge.amount.toString(),
    asset: network.usdc.address,
    payTo: challenge.requirement.payTo,
    payer: signed.from,
    status: "settled",
    breakdown: challenge.breakdown,
    nonce: signed.nonce,
    validAfter: signed.validAfter.toString(),
    validBefore: signed.validBefore.toString(),
    txHash: settlement.transaction,
    usage: u ? { promptTokens: u.prompt_tokens ?? 0, completionTokens: u.completion_tokens ?? 0, totalTokens: u.total_tokens ?? 0 } : undefined,
  };
}

/** `count` real payments, `concurrency` at a time. */
export async function payMany(opts: { network: ServerNetwork; privateKey: Hex; count: number; concurrency?: number; conversationId: string }) {
  const out: StoredPayment[] = [];
  let next = 0;
  const models = ["openai/gpt-4o-mini", "anthropic/claude-haiku-4.5", "google/gemini-2.5-flash"];
  const worker = async () => {
    while (next < opts.count) {
      const i = next++;
      out.push(await payOnce({ ...opts, model: models[i % models.length], text: `Benchmark message ${i}`, conversationId: opts.conversationId }));
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 6 }, worker));
  return out;
}

/** Synthetic payments around the real ones: a year of history, every status, several models and conversations. */
export function syntheticPayments(opts: { count: number; network: Network; payer: string; now?: number }): StoredPayment[] {
  const now = opts.now ?? Date.now();
  const models = ["openai/gpt-4o-mini", "anthropic/claude-sonnet-4", "google/gemini-2.5-flash", "deepseek/deepseek-chat", "openai/gpt-5"];
  const statuses: StoredPayment["status"][] = ["settled", "settled", "settled", "settled", "settled", "settled", "settled", "expired", "not_signed", "settled"];
  const hex = (i: number, tag: number) => `0x${tag.toString(16).padStart(8, "0")}${i.toString(16).padStart(56, "0")}`;
  const span = 365 * 86_400_000;
  return Array.from({ length: opts.count }, (_, i) => {
    const status = statuses[i % statuses.length];
    const createdAt = Math.round(now - ((i + 0.5) / opts.count) * span);
    return {
      id: `bench-${i}`,
      createdAt,
      updatedAt: createdAt,
      conversationId: `bench-conversation-${i % 250}`,
      messageId: `bench-message-${i}`,
      networkId: opts.network.id,
      chainId: opts.network.chainId,
      model: models[i % models.length],
      maxTokens: 1024,
      amount: String(300 + ((i * 7919) % 40_000)),
      asset: opts.network.usdc.address,
      payTo: opts.network.payTo,
      payer: opts.payer,
      status,
      nonce: hex(i, 0xbe4c),
      validAfter: "0",
      validBefore: String(Math.floor(createdAt / 1000) + 300),
      txHash: status === "settled" ? hex(i, 0x7a7a) : undefined,
      usage: { promptTokens: 20 + (i % 400), completionTokens: 50 + (i % 900), totalTokens: 70 + (i % 400) + (i % 900) },
    } satisfies StoredPayment;
  });
}
