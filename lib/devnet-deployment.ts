/**
 * The devnet's deployment file: written by `npm run devnet` / `npm run dev`, read by the app's server and the
 * tests. It is the only source of devnet addresses and URLs (nothing devnet-specific is hard-coded elsewhere).
 */
import { z } from "zod";

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "an address") as unknown as z.ZodType<`0x${string}`>;

export const devnetDeploymentSchema = z.object({
  chainId: z.number().int().positive(),
  rpcUrl: z.string().url(),
  gatewayUrl: z.string().url(),
  usdc: z.object({ address, name: z.string(), version: z.string(), decimals: z.literal(6) }),
  multicall3: address,
  /** DevnetSmartAccount's CREATE2 factory (devnet/chain/smart-account.ts); absent in files from older devnets. */
  smartAccountFactory: address.optional(),
  payTo: address,
  facilitator: address,
  faucet: address,
  fundedAccounts: z.array(address),
  startedAt: z.string(),
});

export type DevnetDeployment = z.infer<typeof devnetDeploymentSchema>;

export const DEPLOYMENT_FILE = "deployment.json";
