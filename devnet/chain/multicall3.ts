/**
 * Multicall3 at its canonical address: @x402/evm's facilitator diagnoses a failed authorization through it,
 * and without it every specific reason collapses to "transaction_simulation_failed".
 * The creation code is the one viem ships; its runtime code is copied to the canonical address.
 */
import type { Address, PublicClient } from "viem";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";

/** viem keeps the creation code in a module its exports map hides; read it from the installed package. */
function multicall3CreationCode(): `0x${string}` {
  const viemDir = path.dirname(createRequire(import.meta.url).resolve("viem/package.json"));
  const src = readFileSync(path.join(viemDir, "_esm/constants/contracts.js"), "utf8");
  const m = /multicall3Bytecode = '(0x[0-9a-f]+)'/.exec(src);
  if (!m) throw new Error("Multicall3 bytecode not found in viem");
  return m[1] as `0x${string}`;
}

export const MULTICALL3_ADDRESS: Address = "0xcA11bde05977b3631167028862bE2a173976CA11";

export async function installMulticall3(client: PublicClient, rpc: (m: string, p: unknown[]) => Promise<unknown>) {
  const existing = await client.getCode({ address: MULTICALL3_ADDRESS });
  if (existing && existing !== "0x") return MULTICALL3_ADDRESS;
  // eth_call of creation code returns the runtime code it would deploy.
  const { data } = await client.call({ data: multicall3CreationCode() });
  if (!data || data === "0x") throw new Error("could not build Multicall3 runtime code");
  await rpc("anvil_setCode", [MULTICALL3_ADDRESS, data]);
  return MULTICALL3_ADDRESS;
}
