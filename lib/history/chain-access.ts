/**
 * Reading a network's chain for the history's verification: a viem client on the network's RPC with JSON-RPC
 * batching (a hundred receipts travel in one request), Multicall3 for the nonces, and a starting block for log
 * searches estimated from the payment's time (public RPCs refuse wide eth_getLogs ranges).
 */
import { createPublicClient, http, type PublicClient } from "viem";
import type { Network } from "../networks";
import { MULTICALL3, type ChainAccess } from "./verify";

/** Base and Base Sepolia make a block every 2 s; the estimate starts this much earlier to be safe. */
const SECONDS_PER_BLOCK = 2n;
const MARGIN_SECONDS = 1_800n;

export function chainAccessFor(network: Network, client?: PublicClient): ChainAccess {
  const c = client ?? (createPublicClient({ transport: http(network.rpcUrl, { batch: { batchSize: 200 }, retryCount: 2 }) }) as PublicClient);
  let head: Promise<{ number: bigint; timestamp: bigint }> | undefined;
  let headAt = 0;
  return {
    client: c,
    usdc: network.usdc.address,
    chainId: network.chainId,
    multicallAddress: MULTICALL3,
    // The devnet mines on demand (many blocks a second when busy, none when idle): search it whole.
    fromBlock:
      network.id === "devnet"
        ? async () => 0n
        : async (createdAt) => {
            if (!head || Date.now() - headAt > 30_000) {
              headAt = Date.now();
              head = c.getBlock({ blockTag: "latest" }).then((b) => ({ number: b.number, timestamp: b.timestamp }));
            }
            const h = await head;
            const age = h.timestamp - BigInt(Math.floor(createdAt / 1000)) + MARGIN_SECONDS;
            const back = age > 0n ? age / SECONDS_PER_BLOCK : 0n;
            return h.number > back ? h.number - back : 0n;
          },
  };
}
