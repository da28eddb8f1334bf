/** What quick pay needs of the main wallet: send a USDC contract call (one wallet prompt each) and read the chain. */
import type { Address, Hex, PublicClient } from "viem";
import type { Network } from "../networks";

export type UsdcCall =
  | { functionName: "transfer"; args: readonly [Address, bigint] }
  | { functionName: "receiveWithAuthorization"; args: readonly [Address, Address, bigint, bigint, bigint, Hex, number, Hex, Hex] };

export interface FundingWallet {
  readonly address: Address;
  /** Sends `call` to the network's USDC from the main wallet (switching chain first if needed); the tx hash. */
  write(network: Network, call: UsdcCall): Promise<Hex>;
  chain(network: Network): PublicClient;
}
