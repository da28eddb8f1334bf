/** Shared test data: a devnet network from the table, and a 402 exactly as BlockRun (or the devnet gateway) sends it. */
import type { PaymentRequired, PaymentRequirements } from "@x402/core/types";
import { BASE_SEPOLIA, devnetNetwork, type Network } from "@/lib/networks";

export const DEVNET: Network = devnetNetwork({
  chainId: 31337,
  rpcUrl: "http://127.0.0.1:8545",
  gatewayUrl: "http://127.0.0.1:4021/api",
  usdc: { address: "0x5FbDB2315678afecb367f032d93F642f64180aa3", name: "USD Coin", version: "2", decimals: 6 },
  payTo: "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f",
});

export { BASE_SEPOLIA };

export function requirementFor(network: Network, over: Partial<PaymentRequirements> & Record<string, unknown> = {}): PaymentRequirements {
  return {
    scheme: "exact",
    network: network.caip2,
    amount: "31780",
    asset: network.usdc.address,
    payTo: network.payTo,
    maxTimeoutSeconds: 300,
    extra: { name: network.usdc.name, version: network.usdc.version },
    ...over,
  } as PaymentRequirements;
}

export function paymentRequiredFor(network: Network, accepts: unknown[] = [requirementFor(network)]): PaymentRequired {
  return {
    x402Version: 2,
    error: "Payment required",
    resource: { url: "https://blockrun.ai/api/v1/chat/completions", description: "chat", mimeType: "application/json" },
    accepts: accepts as PaymentRequirements[],
  };
}

/** The 402 body BlockRun sends (display fields plus the mirrored x402Version/accepts). */
export function blockrunBody(pr: PaymentRequired) {
  return {
    error: "Payment Required",
    message: "This endpoint requires x402 payment",
    price: { amount: "0.031780", currency: "USD", breakdown: { inputCost: "0.000012", outputCost: "0.030768", margin: "0%", fee: "0.001000" } },
    paymentInfo: { network: "base", asset: "USDC", x402Version: 2 },
    x402Version: 2,
    accepts: pr.accepts,
  };
}

export function b64(s: string): string {
  return Buffer.from(s, "utf8").toString("base64");
}
