/** `npm run dev`: the local world, then the Next.js dev server pointed at it. One command, one Ctrl-C. */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { startWorld, worldOptionsFromEnv } from "./world";

const options = worldOptionsFromEnv();
const t0 = performance.now();
const world = await startWorld(options).catch((e: Error) => {
  console.error(`devnet: ${e.message}`);
  process.exit(1);
});
console.log(`devnet ready in ${Math.round(performance.now() - t0)} ms: chain ${world.deployment.rpcUrl}, gateway ${world.deployment.gatewayUrl}`);

const nextBin = path.join(path.dirname(createRequire(import.meta.url).resolve("next/package.json")), "dist/bin/next");
const port = process.env.PORT || "3000";
const app = spawn(process.execPath, [nextBin, "dev", "-p", port, "-H", process.env.HOST || "127.0.0.1"], {
  stdio: "inherit",
  env: { ...process.env, DEVNET_STATE_DIR: path.resolve(options.stateDir!) },
});

let stopping = false;
const stop = async (code = 0) => {
  if (stopping) return;
  stopping = true;
  app.kill("SIGTERM");
  await world.stop();
  process.exit(code);
};
app.on("exit", (code) => void stop(code ?? 0));
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
