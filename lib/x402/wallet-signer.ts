/**
 * A wagmi/viem `WalletClient` is not an x402 signer by itself: this wraps it as `{address, signTypedData}`, the
 * shape @x402/evm's ExactEvmScheme asks for.
 *
 * The wrapper is also the last check before the wallet: the typed data must be a USDC TransferWithAuthorization
 * whose EIP-712 domain is exactly the network table's (name, version, chainId, verifyingContract). The scheme
 * builds the domain from the requirement it is given; `createPayment` already hands it the table's values, and
 * this check makes a mistake anywhere upstream fail here instead of in a signature.
 */
import type { Address, Hex, TypedDataDomain, WalletClient } from "viem";
import type { Network } from "../networks";

/** What @x402/evm's client scheme needs (its `ClientEvmSigner`, base flow). */
export interface X402Signer {
  readonly address: Address;
  signTypedData(args: {
    domain: Record<string, unknown>;
    types: Record<string, unknown>;
    primaryType: string;
    message: Record<string, unknown>;
  }): Promise<Hex>;
}

export type TypedDataArgs = Parameters<X402Signer["signTypedData"]>[0];

export class SigningRefusedError extends Error {
  constructor(
    public readonly code: "domain" | "chain" | "type" | "terms" | "no_account",
    message: string,
  ) {
    super(message);
    this.name = "SigningRefusedError";
  }
}

const lower = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v);

/** Throws unless `args` is a TransferWithAuthorization over the table's USDC domain on `network`. */
export function assertTableTypedData(
  args: TypedDataArgs,
  network: Network,
  expect?: { from?: Address; to?: Address; value?: bigint },
): void {
  if (args.primaryType !== "TransferWithAuthorization") {
    throw new SigningRefusedError("type", `Refused to sign "${String(args.primaryType).slice(0, 40)}": this app signs only USDC transfer authorizations. Nothing was signed.`);
  }
  const d = (args.domain ?? {}) as TypedDataDomain & Record<string, unknown>;
  const want = network.usdc;
  if (d.name !== want.name || d.version !== want.version || lower(d.verifyingContract) !== want.address.toLowerCase()) {
    throw new SigningRefusedError(
      "domain",
      `Refused to sign: the authorization names token "${String(d.name)}" v${String(d.version)} at ${String(d.verifyingContract)}, ` +
        `but USDC on ${network.name} is "${want.name}" v${want.version} at ${want.address}. Nothing was signed.`,
    );
  }
  if (d.chainId === undefined || Number(d.chainId) !== network.chainId) {
    throw new SigningRefusedError(
      "chain",
      `Refused to sign: the authorization is for chain ${String(d.chainId)}, but ${network.name} is chain ${network.chainId}. Nothing was signed.`,
    );
  }
  const m = args.message ?? {};
  if (
    (expect?.from !== undefined && lower(m.from) !== expect.from.toLowerCase()) ||
    (expect?.to !== undefined && lower(m.to) !== expect.to.toLowerCase()) ||
    (expect?.value !== undefined && toBigInt(m.value) !== expect.value)
  ) {
    throw new SigningRefusedError("terms", "Refused to sign: the authorization differs from the approved price or recipient. Nothing was signed.");
  }
}

function toBigInt(v: unknown): bigint | undefined {
  try {
    return typeof v === "bigint" ? v : typeof v === "string" || typeof v === "number" ? BigInt(v) : undefined;
  } catch {
    return undefined;
  }
}

/** The authorization about to be signed, as the wallet will see it. */
export interface AuthorizationToSign {
  from: Address;
  nonce: Hex;
  validAfter: bigint;
  validBefore: bigint;
}

/**
 * Wraps any signer so it only ever signs the table's USDC authorization (optionally for these exact terms).
 * `beforeSign` runs after the check and before the wallet is asked, with the nonce and validity window (the app
 * writes them down there, so whatever happens after the wallet answers, the chain can settle the question).
 */
export function tableCheckedSigner(
  signer: X402Signer,
  network: Network,
  expect?: { to?: Address; value?: bigint },
  beforeSign?: (a: AuthorizationToSign) => Promise<void>,
): X402Signer {
  return {
    address: signer.address,
    signTypedData: async (args) => {
      assertTableTypedData(args, network, { from: signer.address, ...expect });
      if (beforeSign) {
        const m = args.message;
        const validAfter = toBigInt(m.validAfter), validBefore = toBigInt(m.validBefore);
        if (typeof m.nonce !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(m.nonce) || validAfter === undefined || validBefore === undefined) {
          throw new SigningRefusedError("terms", "Refused to sign: the authorization has no valid nonce or validity window. Nothing was signed.");
        }
        await beforeSign({ from: signer.address, nonce: m.nonce as Hex, validAfter, validBefore });
      }
      return signer.signTypedData(args);
    },
  };
}

/**
 * The adapter: a wallet client (with an account, as wagmi's `getWalletClient` returns) to an x402 signer.
 * With `network`, every signature is checked against the table first, and the wallet's active chain must be
 * the network's (wallets such as MetaMask refuse a domain chainId other than the active chain anyway; this
 * says so clearly before the wallet pops up).
 */
export function walletSigner(wallet: WalletClient, network?: Network): X402Signer {
  const account = wallet.account;
  if (!account) throw new SigningRefusedError("no_account", "No wallet account is connected. Connect a wallet first.");
  const base: X402Signer = {
    address: account.address,
    signTypedData: async (args) => {
      if (network) {
        assertTableTypedData(args, network, { from: account.address });
        const active = await activeChainId(wallet);
        if (active !== undefined && active !== network.chainId) {
          throw new SigningRefusedError(
            "chain",
            `Your wallet is on chain ${active}; switch it to ${network.name} (chain ${network.chainId}) and try again. Nothing was signed.`,
          );
        }
      }
      return wallet.signTypedData({
        account,
        domain: args.domain as TypedDataDomain,
        types: args.types as never,
        primaryType: args.primaryType,
        message: args.message,
      } as Parameters<WalletClient["signTypedData"]>[0]);
    },
  };
  return base;
}

/** The wallet's active chain; undefined when the wallet cannot say (the wallet then enforces it itself). */
async function activeChainId(wallet: WalletClient): Promise<number | undefined> {
  try {
    return await wallet.getChainId();
  } catch {
    return wallet.chain?.id;
  }
}
