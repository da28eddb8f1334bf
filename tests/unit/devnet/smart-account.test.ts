/**
 * The smart-account signature wrapping the test wallet uses: Coinbase Smart Wallet's replay-safe hash and
 * SignatureWrapper, and ERC-6492 around it while the account has no code. (On chain, against the compiled
 * contract and viem's ERC-6492 verifier: tests/integration/smart-account.test.ts.)
 */
import { describe, expect, it } from "vitest";
import {
  concatHex,
  decodeAbiParameters,
  decodeFunctionData,
  encodeAbiParameters,
  hashTypedData,
  isErc6492Signature,
  keccak256,
  parseErc6492Signature,
  recoverAddress,
  stringToHex,
  toHex,
  type Address,
  type Hex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import {
  createAccountCalldata,
  replaySafeTypedData,
  signHashAsSmartAccount,
  signMessageAsSmartAccount,
  smartAccountAddress,
  smartAccountFactoryAbi,
  wrapOwnerSignature,
} from "@/devnet/chain/smart-account";

const owner = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const factory: Address = "0x5FC8d32690cc91D4c39d9d3abcBD16989F875707";
const hash = keccak256(stringToHex("an EIP-712 digest"));
const ref = { factory, owner, chainId: 31337 };

/** The replay-safe hash written out by hand, as the contract computes it. */
function replaySafeHashByHand(account: Address, chainId: number, h: Hex): Hex {
  const k = (s: string) => keccak256(stringToHex(s));
  const domainSeparator = keccak256(
    encodeAbiParameters(
      [{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes32" }, { type: "uint256" }, { type: "address" }],
      [k("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"), k("Coinbase Smart Wallet"), k("1"), BigInt(chainId), account],
    ),
  );
  const structHash = keccak256(encodeAbiParameters([{ type: "bytes32" }, { type: "bytes32" }], [k("CoinbaseSmartWalletMessage(bytes32 hash)"), h]));
  return keccak256(concatHex(["0x1901", domainSeparator, structHash]));
}

const unwrap = (sig: Hex) => decodeAbiParameters([{ type: "uint256" }, { type: "bytes" }], sig);

describe("smart-account signatures", () => {
  const account = smartAccountAddress(factory, owner.address);

  it("the counterfactual address depends on factory, owner and nonce", () => {
    expect(account).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect(smartAccountAddress(factory, owner.address, 0n)).toBe(account);
    expect(smartAccountAddress(factory, owner.address, 1n)).not.toBe(account);
    expect(smartAccountAddress("0x0000000000000000000000000000000000000001", owner.address)).not.toBe(account);
    expect(smartAccountAddress(factory, privateKeyToAccount(toHex(7n, { size: 32 })).address)).not.toBe(account);
  });

  it("the owner signs the account's replay-safe hash, bound to the account and the chain", () => {
    const h = hashTypedData(replaySafeTypedData(account, 31337, hash));
    expect(h).toBe(replaySafeHashByHand(account, 31337, hash));
    expect(h).not.toBe(hashTypedData(replaySafeTypedData(account, 8453, hash)));
    expect(h).not.toBe(hashTypedData(replaySafeTypedData(factory, 31337, hash)));
  });

  it("deployed: abi.encode(ownerIndex 0, the owner's 65-byte signature), never a bare 65-byte signature", async () => {
    const sig = await signHashAsSmartAccount(ref, hash, true);
    expect(isErc6492Signature(sig)).toBe(false);
    expect((sig.length - 2) / 2).toBe(32 * 3 + 96); // index, offset, length, then 65 bytes padded to 96
    const [index, ownerSig] = unwrap(sig);
    expect(index).toBe(0n);
    expect((ownerSig.length - 2) / 2).toBe(65);
    expect(await recoverAddress({ hash: replaySafeHashByHand(account, 31337, hash), signature: ownerSig })).toBe(owner.address);
    expect(wrapOwnerSignature(ownerSig)).toBe(sig);
  });

  it("counterfactual: ERC-6492 around it, naming the factory and its createAccount(owner, nonce) call", async () => {
    const sig = await signHashAsSmartAccount(ref, hash, false);
    expect(isErc6492Signature(sig)).toBe(true);
    expect(sig.endsWith("6492649264926492649264926492649264926492649264926492649264926492")).toBe(true);
    const { address, data, signature } = parseErc6492Signature(sig);
    expect(address).toBe(factory);
    expect(data).toBe(createAccountCalldata(owner.address, 0n));
    expect(decodeFunctionData({ abi: smartAccountFactoryAbi, data: data! })).toEqual({ functionName: "createAccount", args: [owner.address, 0n] });
    expect(signature).toBe(await signHashAsSmartAccount(ref, hash, true));
  });

  it("personal_sign wraps the EIP-191 hash of the message the same way", async () => {
    const msg = stringToHex("hello");
    const sig = await signMessageAsSmartAccount(ref, msg, true);
    const [, ownerSig] = unwrap(sig);
    const eip191 = keccak256(concatHex([stringToHex("\x19Ethereum Signed Message:\n5"), msg]));
    expect(await recoverAddress({ hash: replaySafeHashByHand(account, 31337, eip191), signature: ownerSig })).toBe(owner.address);
  });
});
