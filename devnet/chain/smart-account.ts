/**
 * The devnet's smart-account wallet: DevnetSmartAccount (a minimal ERC-1271 account, one owner key) and its CREATE2
 * factory, compiled from contracts/DevnetSmartAccount.sol into contracts/smart-account.artifact.json.
 *
 * Signatures take Coinbase Smart Wallet's shape for an ECDSA owner (see the .sol file): the owner signs the
 * account's replay-safe hash, the result is wrapped as `abi.encode(ownerIndex, signatureData)`, and while the
 * account has no code the whole is wrapped again in ERC-6492 (factory, factory calldata, magic suffix), as
 * Coinbase Wallet does before its account is deployed. This module builds those signatures; the test wallet
 * (tests/fixtures/test-wallet.ts) and the integration tests use it. The app itself never wraps anything: it passes
 * on whatever bytes the wallet returns.
 */
import { createRequire } from "node:module";
import {
  concatHex,
  encodeAbiParameters,
  encodeFunctionData,
  getAddress,
  getContractAddress,
  hashMessage,
  hashTypedData,
  keccak256,
  serializeErc6492Signature,
  type Abi,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type TypedDataDefinition,
  type WalletClient,
} from "viem";
import type { SmartAccountArtifact } from "./contracts/compile";

const require = createRequire(import.meta.url);
export const smartAccountArtifact = require("./contracts/smart-account.artifact.json") as SmartAccountArtifact;
export const smartAccountAbi = smartAccountArtifact.contracts.DevnetSmartAccount.abi as Abi;
export const smartAccountFactoryAbi = smartAccountArtifact.contracts.DevnetSmartAccountFactory.abi as Abi;

/** Deploys the factory from `wallet` and returns its address. */
export async function deploySmartAccountFactory(wallet: WalletClient<Transport, Chain, Account>, client: PublicClient): Promise<Address> {
  const { abi, bytecode } = smartAccountArtifact.contracts.DevnetSmartAccountFactory;
  const hash = await wallet.deployContract({ abi: abi as Abi, bytecode, args: [] });
  const r = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
  if (!r.contractAddress || r.status !== "success") throw new Error("smart account factory deployment failed");
  return getAddress(r.contractAddress);
}

const salt = (owner: Address, nonce: bigint) =>
  keccak256(encodeAbiParameters([{ type: "address" }, { type: "uint256" }], [owner, nonce]));

/** The account's CREATE2 address: what the factory's getAddress(owner, nonce) answers, computed offline. */
export function smartAccountAddress(factory: Address, owner: Address, nonce = 0n): Address {
  const initCode = concatHex([
    smartAccountArtifact.contracts.DevnetSmartAccount.bytecode,
    encodeAbiParameters([{ type: "address" }], [owner]),
  ]);
  return getContractAddress({ opcode: "CREATE2", from: factory, salt: salt(owner, nonce), bytecode: initCode });
}

/** The factory call that deploys the account (the `data` of an ERC-6492 signature). */
export function createAccountCalldata(owner: Address, nonce = 0n): Hex {
  return encodeFunctionData({ abi: smartAccountFactoryAbi, functionName: "createAccount", args: [owner, nonce] });
}

/** What the owner signs for `hash`: the account's replay-safe typed data (Coinbase Smart Wallet's scheme). */
export function replaySafeTypedData(account: Address, chainId: number, hash: Hex) {
  return {
    domain: { name: "Coinbase Smart Wallet", version: "1", chainId, verifyingContract: account },
    types: { CoinbaseSmartWalletMessage: [{ name: "hash", type: "bytes32" }] },
    primaryType: "CoinbaseSmartWalletMessage",
    message: { hash },
  } as const;
}

/** The ERC-1271 signature: `abi.encode(uint256 ownerIndex, bytes signatureData)` (Coinbase's SignatureWrapper). */
export function wrapOwnerSignature(ownerSignature: Hex, ownerIndex = 0n): Hex {
  return encodeAbiParameters([{ type: "uint256" }, { type: "bytes" }], [ownerIndex, ownerSignature]);
}

/** ERC-6492: abi.encode(factory, factoryCalldata, signature) followed by the 32-byte magic suffix. */
export function wrapErc6492(factory: Address, factoryCalldata: Hex, signature: Hex): Hex {
  return serializeErc6492Signature({ address: factory, data: factoryCalldata, signature });
}

/** Anything that can sign typed data for the owner key (a viem local account). */
export interface OwnerSigner {
  address: Address;
  signTypedData(def: ReturnType<typeof replaySafeTypedData>): Promise<Hex>;
}

export interface SmartAccountRef {
  factory: Address;
  owner: OwnerSigner;
  chainId: number;
  nonce?: bigint;
}

/**
 * The account's signature over a 32-byte hash: ERC-1271 form when `deployed`, else ERC-6492-wrapped with the
 * factory call that deploys it.
 */
export async function signHashAsSmartAccount(ref: SmartAccountRef, hash: Hex, deployed: boolean): Promise<Hex> {
  const nonce = ref.nonce ?? 0n;
  const account = smartAccountAddress(ref.factory, ref.owner.address, nonce);
  const inner = wrapOwnerSignature(await ref.owner.signTypedData(replaySafeTypedData(account, ref.chainId, hash)));
  return deployed ? inner : wrapErc6492(ref.factory, createAccountCalldata(ref.owner.address, nonce), inner);
}

/** eth_signTypedData_v4 as the smart account. */
export function signTypedDataAsSmartAccount(ref: SmartAccountRef, typed: TypedDataDefinition, deployed: boolean): Promise<Hex> {
  return signHashAsSmartAccount(ref, hashTypedData(typed), deployed);
}

/** personal_sign as the smart account (ERC-1271 over the EIP-191 hash, like Coinbase Smart Wallet). */
export function signMessageAsSmartAccount(ref: SmartAccountRef, messageHex: Hex, deployed: boolean): Promise<Hex> {
  return signHashAsSmartAccount(ref, hashMessage({ raw: messageHex }), deployed);
}
