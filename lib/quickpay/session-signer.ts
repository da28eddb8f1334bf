/**
 * The session key's door: it signs exactly two things, and refuses everything else before the key is unsealed.
 *  - a payment: the network table's USDC TransferWithAuthorization (domain, chain from lib/networks.ts, the same
 *    check the wallet's signer makes), from the session, to the table's recipient, for at most the session's cap;
 *  - the return: a USDC ReceiveWithAuthorization of the session's balance to its main wallet (which submits it).
 * A hostile quote that slipped past every earlier check still stops here.
 */
import { getAddress, type Address, type Hex } from "viem";
import { privateKeyToAccount, signTypedData } from "viem/accounts";
import type { Network } from "../networks";
import { formatUsdc } from "../money";
import { assertTableTypedData, SigningRefusedError, type TypedDataArgs, type X402Signer } from "../x402/wallet-signer";

export interface SessionKeySource {
  address: Address;
  /** Decrypts the key for one signature (key-vault.ts). */
  unseal(): Promise<Hex>;
}

const NOT_SIGNED = "Nothing was signed.";

function toBigInt(v: unknown): bigint | undefined {
  try {
    return typeof v === "bigint" ? v : typeof v === "string" || typeof v === "number" ? BigInt(v) : undefined;
  } catch {
    return undefined;
  }
}

/** Throws unless `args` is a payment the session may sign on `network` under `cap`. */
export function assertSessionPayment(args: TypedDataArgs, network: Network, session: { address: Address; cap: bigint }) {
  assertTableTypedData(args, network, { from: session.address, to: network.payTo });
  const value = toBigInt(args.message?.value);
  if (value === undefined || value <= 0n) throw new SigningRefusedError("terms", `Refused to sign: the amount is not a valid USDC amount. ${NOT_SIGNED}`);
  if (value > session.cap) {
    throw new SigningRefusedError(
      "terms",
      `Refused to sign: ${formatUsdc(value)} USDC is above this quick pay session's cap of ${formatUsdc(session.cap)} USDC per message. ${NOT_SIGNED}`,
    );
  }
}

/** The session's x402 signer (used by createPayment, which wraps it in the table check once more). */
export function sessionSigner(key: SessionKeySource, network: Network, cap: bigint): X402Signer {
  return {
    address: key.address,
    async signTypedData(args) {
      assertSessionPayment(args, network, { address: key.address, cap });
      const privateKey = await key.unseal();
      // Signed straight from the key: deriving the account (its public key, in JS) is not needed, the address is
      // the session's own. The key is unsealed for this one signature and dropped.
      return signTypedData({ privateKey, ...(args as Omit<Parameters<typeof signTypedData>[0], "privateKey">) });
    },
  };
}

export const RECEIVE_WITH_AUTHORIZATION_TYPES = {
  ReceiveWithAuthorization: [
    { name: "from", type: "address" },
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "validAfter", type: "uint256" },
    { name: "validBefore", type: "uint256" },
    { name: "nonce", type: "bytes32" },
  ],
} as const;

export interface ReturnAuthorization {
  from: Address;
  to: Address;
  value: bigint;
  validAfter: bigint;
  validBefore: bigint;
  nonce: Hex;
}

/** Signs the return of `value` to the main wallet: ReceiveWithAuthorization (only the payee can submit it). */
export async function signReturn(
  key: SessionKeySource,
  network: Network,
  o: { mainWallet: Address; value: bigint; validBefore: bigint; nonce: Hex },
): Promise<{ authorization: ReturnAuthorization; signature: Hex }> {
  if (o.value <= 0n) throw new SigningRefusedError("terms", `Refused to sign: nothing to return. ${NOT_SIGNED}`);
  const authorization: ReturnAuthorization = {
    from: getAddress(key.address), to: getAddress(o.mainWallet), value: o.value, validAfter: 0n, validBefore: o.validBefore, nonce: o.nonce,
  };
  const account = privateKeyToAccount(await key.unseal());
  const signature = await account.signTypedData({
    domain: { name: network.usdc.name, version: network.usdc.version, chainId: network.chainId, verifyingContract: network.usdc.address },
    types: RECEIVE_WITH_AUTHORIZATION_TYPES,
    primaryType: "ReceiveWithAuthorization",
    message: authorization,
  });
  return { authorization, signature };
}
