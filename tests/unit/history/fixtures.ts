import type { StoredPayment } from "@/lib/db/types";

export const PAYER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
export const OTHER_PAYER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
export const PAY_TO = "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720";
export const USDC = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

let n = 0;
const hex32 = (i: number) => `0x${i.toString(16).padStart(64, "0")}`;

export function payment(over: Partial<StoredPayment> = {}): StoredPayment {
  n++;
  return {
    id: `p-${n}`,
    createdAt: Date.now(),
    updatedAt: Date.now(),
    conversationId: "c1",
    messageId: `m-${n}`,
    networkId: "devnet",
    chainId: 31337,
    model: "openai/gpt-4o-mini",
    maxTokens: 1024,
    amount: "1012",
    asset: USDC,
    payTo: PAY_TO,
    payer: PAYER,
    status: "settled",
    nonce: hex32(n),
    validAfter: "0",
    validBefore: String(Math.floor(Date.now() / 1000) + 300),
    txHash: hex32(1_000_000 + n),
    usage: { promptTokens: 10, completionTokens: 20, totalTokens: 30 },
    ...over,
  };
}
