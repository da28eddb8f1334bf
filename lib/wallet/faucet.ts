/** Browser side of the devnet faucet: asks our server route, which calls the devnet gateway's faucet. */
import type { Address } from "viem";

export interface FaucetResult {
  ok: boolean;
  message: string;
}

export async function requestTestFunds(address: Address, amounts: { usdc?: string; eth?: string } = {}): Promise<FaucetResult> {
  let res: Response;
  try {
    res = await fetch("/api/gateway/faucet", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ address, ...amounts }),
    });
  } catch {
    return { ok: false, message: "The app server did not answer." };
  }
  const body = (await res.json().catch(() => ({}))) as { message?: string };
  return { ok: res.ok, message: body.message ?? (res.ok ? "Funded." : `Faucet failed (${res.status}).`) };
}
