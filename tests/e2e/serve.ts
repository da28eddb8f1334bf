/**
 * Playwright's webServer: the devnet world on the test ports, then the app built once and served by
 * `next start`. A production build is slower to start (about a minute or two on 2 cores) but every page is
 * then ready at once, while `next dev` compiles each route on first visit, which makes first-test timings
 * flaky. Set E2E_SKIP_BUILD=1 to reuse the last build while iterating on tests only.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { startWorld } from "../../devnet/world";
import { E2E } from "../fixtures/test-env";

const nextBin = path.join(path.dirname(createRequire(import.meta.url).resolve("next/package.json")), "dist/bin/next");
const env = {
  ...process.env,
  DEVNET_STATE_DIR: E2E.stateDir,
  APP_NETWORKS: process.env.E2E_APP_NETWORKS || "devnet",
  // Short enough for a test to see our own route give up on a gateway that settled and then went quiet.
  GATEWAY_TIMEOUT_MS: process.env.GATEWAY_TIMEOUT_MS || "8000",
  NEXT_TELEMETRY_DISABLED: "1",
};

const t0 = performance.now();
const world = await startWorld({ rpcPort: E2E.rpcPort, gatewayPort: E2E.gatewayPort, chainId: E2E.chainId, stateDir: E2E.stateDir }).catch(
  (e: Error) => {
    console.error(`e2e devnet: ${e.message}`);
    process.exit(1);
  },
);
console.log(`e2e devnet ready in ${Math.round(performance.now() - t0)} ms: ${world.deployment.rpcUrl}, ${world.deployment.gatewayUrl}`);

let stopping = false;
const children: ChildProcess[] = [];
const stop = async (code = 0) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  await world.stop();
  process.exit(code);
};
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

if (!process.env.E2E_SKIP_BUILD) {
  const t1 = performance.now();
  // Async, so a Ctrl-C during the build still stops the devnet cleanly.
  const build = spawn(process.execPath, [nextBin, "build"], { stdio: "inherit", env });
  children.push(build);
  const status = await new Promise<number | null>((resolve) => build.on("exit", resolve));
  children.splice(children.indexOf(build), 1);
  if (stopping) await new Promise(() => {}); // stop() is already exiting
  if (status !== 0) {
    console.error("e2e: next build failed");
    await stop(1);
  }
  console.log(`e2e: next build took ${Math.round((performance.now() - t1) / 1000)} s`);
}

const app = spawn(process.execPath, [nextBin, "start", "-p", String(E2E.appPort), "-H", "127.0.0.1"], { stdio: "inherit", env });
children.push(app);
app.on("exit", (code) => void stop(code ?? 0));
