/** `npm run devnet`: the chain and the gateway only, until Ctrl-C. Ports and chain id come from the environment. */
import { startWorld, worldOptionsFromEnv } from "./world";
import { devAccount, FUNDED_DEV_ACCOUNTS } from "./accounts";

const t0 = performance.now();
const world = await startWorld(worldOptionsFromEnv()).catch((e: Error) => {
  console.error(`devnet: ${e.message}`);
  process.exit(1);
});
const d = world.deployment;
console.log(`devnet ready in ${Math.round(performance.now() - t0)} ms
  chain      ${d.rpcUrl} (chain id ${d.chainId})
  gateway    ${d.gatewayUrl}   (BlockRun-compatible: /v1/models, /v1/chat/completions)
  USDC       ${d.usdc.address} ("${d.usdc.name}", version ${d.usdc.version})
  payTo      ${d.payTo}
  faucet     POST ${d.gatewayUrl.replace(/\/api$/, "")}/__devnet/faucet {"address":"0x..."}
  accounts with 10,000 test USDC (anvil's public test keys, devnet only):
${FUNDED_DEV_ACCOUNTS.map((i) => `    ${devAccount(i).address}  ${devAccount(i).privateKey}`).join("\n")}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await world.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
