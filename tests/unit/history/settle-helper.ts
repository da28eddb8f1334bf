/**
 * Test helper: a payer signs an EIP-3009 USDC authorization and the devnet's facilitator key submits it, as the
 * gateway's facilitator does. Devnet keys only (anvil's public test mnemonic).
 */
import { createPublicClient, createWalletClient, http, parseSignature, type Address, type Hex, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { fiatTokenAbi } from "@/devnet/chain/usdc";
import { devnetChain, type Chain } from "@/devnet/chain/start-chain";

export function randomNonce(): Hex {
  const b = crypto.getRandomValues(new Uint8Array(32));
  return `0x${[...b].map((x) => x.toString(16).padStart(2, "0")).join("")}`;
}

export function settler(chain: Chain) {
  const viemChain = devnetChain(chain.chainId, chain.rpcUrl);
  const transport = http(chain.rpcUrl);
  const client = createPublicClient({ chain: viemChain, transport, pollingInterval: 20 }) as PublicClient;
  const facilitator = createWalletClient({ chain: viemChain, transport, account: privateKeyToAccount(chain.facilitatorKey) });

  async function sign(payerKey: Hex, to: Address, value: bigint, validBefore: bigint, nonce: Hex) {
    const payer = privateKeyToAccount(payerKey);
    const signature = await payer.signTypedData({
      domain: { name: chain.usdc.name, version: chain.usdc.version, chainId: chain.chainId, verifyingContract: chain.usdc.address },
      types: {
        TransferWithAuthorization: [
          { name: "from", type: "address" }, { name: "to", type: "address" }, { name: "value", type: "uint256" },
          { name: "validAfter", type: "uint256" }, { name: "validBefore", type: "uint256" }, { name: "nonce", type: "bytes32" },
        ],
      },
      primaryType: "TransferWithAuthorization",
      message: { from: payer.address, to, value, validAfter: 0n, validBefore, nonce },
    });
    return { payer: payer.address, signature };
  }

  /** Signs and settles one authorization; resolves once mined. */
  async function settle(opts: { payerKey: Hex; to: Address; value: bigint; nonce?: Hex; validBefore?: bigint }) {
    const nonce = opts.nonce ?? randomNonce();
    const validBefore = opts.validBefore ?? BigInt(Math.floor(Date.now() / 1000) + 600);
    const { payer, signature } = await sign(opts.payerKey, opts.to, opts.value, validBefore, nonce);
    const { v, r, s } = parseSignature(signature);
    const hash = await facilitator.writeContract({
      address: chain.usdc.address,
      abi: fiatTokenAbi,
      functionName: "transferWithAuthorization",
      args: [payer, opts.to, opts.value, 0n, validBefore, nonce, Number(v), r, s],
    });
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    if (receipt.status !== "success") throw new Error("settlement reverted");
    return { payer, nonce, validBefore, txHash: hash };
  }

  return { client, settle };
}
