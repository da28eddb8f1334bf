/**
 * Compiles DevnetSmartAccount.sol with solc-js (the `solc` npm package, pinned in package.json) and, run as a
 * script (`npm run contracts`), writes the artifact the devnet deploys: smart-account.artifact.json.
 * The artifact is committed so the devnet starts without the compiler (loading it takes seconds); a unit test
 * (tests/unit/devnet/smart-account-artifact.test.ts) recompiles and fails if the artifact is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const SOURCE_FILE = fileURLToPath(new URL("./DevnetSmartAccount.sol", import.meta.url));
export const ARTIFACT_FILE = fileURLToPath(new URL("./smart-account.artifact.json", import.meta.url));
/** Base runs Cancun; anvil's default hardfork is newer. */
const EVM_VERSION = "cancun";

export interface CompiledContract {
  abi: unknown[];
  /** Creation code, 0x-prefixed. */
  bytecode: `0x${string}`;
}
export interface SmartAccountArtifact {
  compiler: string;
  evmVersion: string;
  source: string;
  contracts: { DevnetSmartAccount: CompiledContract; DevnetSmartAccountFactory: CompiledContract };
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>;
}

export async function compileSmartAccount(): Promise<SmartAccountArtifact> {
  const solc = (await import("solc")).default as { compile(input: string): string; version(): string };
  const name = path.basename(SOURCE_FILE);
  const input = {
    language: "Solidity",
    sources: { [name]: { content: readFileSync(SOURCE_FILE, "utf8") } },
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: EVM_VERSION,
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
    },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput;
  const errors = (out.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length) throw new Error(`solc: ${errors.map((e) => e.formattedMessage).join("\n")}`);
  const get = (contract: string): CompiledContract => {
    const c = out.contracts[name]?.[contract];
    if (!c?.evm.bytecode.object) throw new Error(`solc produced no bytecode for ${contract}`);
    return { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
  };
  return {
    compiler: solc.version(),
    evmVersion: EVM_VERSION,
    source: `devnet/chain/contracts/${name}`,
    contracts: { DevnetSmartAccount: get("DevnetSmartAccount"), DevnetSmartAccountFactory: get("DevnetSmartAccountFactory") },
  };
}

export function serializeArtifact(a: SmartAccountArtifact): string {
  return JSON.stringify(a, null, 1) + "\n";
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const artifact = await compileSmartAccount();
  writeFileSync(ARTIFACT_FILE, serializeArtifact(artifact));
  console.log(`wrote ${path.relative(process.cwd(), ARTIFACT_FILE)} (solc ${artifact.compiler})`);
}
