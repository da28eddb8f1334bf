/** Starts anvil from the @foundry-rs/anvil npm package (the binary ships inside the package). */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

function anvilBinary(): string {
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  const pkg = `@foundry-rs/anvil-${process.platform}-${arch}`;
  try {
    return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), "bin", "anvil");
  } catch {
    // Fall back to the package's own launcher, which knows every platform.
    return path.join(path.dirname(require.resolve("@foundry-rs/anvil/package.json")), "bin.mjs");
  }
}

export interface Anvil {
  rpcUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startAnvil(opts: { port: number; chainId: number; host?: string }): Promise<Anvil> {
  const host = opts.host ?? "127.0.0.1";
  const bin = anvilBinary();
  const args = [
    "--host", host,
    "--port", String(opts.port),
    "--chain-id", String(opts.chainId),
    "--accounts", "10",
    "--balance", "10000",
    "--silent",
  ];
  const child = bin.endsWith(".mjs")
    ? spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "ignore", "pipe"] })
    : spawn(bin, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => { stderr += d.toString(); });
  const rpcUrl = `http://${host}:${opts.port}`;

  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) =>
      reject(new Error(`anvil exited (code ${code}) before it was ready${stderr ? `: ${stderr.trim()}` : ""}` +
        (stderr.includes("in use") ? ` (is another devnet already on port ${opts.port}? set DEVNET_RPC_PORT)` : ""))),
    ),
  );
  const ready = (async () => {
    for (let i = 0; i < 400; i++) {
      try {
        const res = await fetch(rpcUrl, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
        });
        const json = (await res.json()) as { result?: string };
        if (json.result && Number(json.result) === opts.chainId) return;
        if (json.result) throw new Error(`port ${opts.port} answers chain ${Number(json.result)}, not ${opts.chainId}`);
      } catch (e) {
        if (e instanceof Error && e.message.startsWith("port ")) throw e;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`anvil did not answer on ${rpcUrl} within 10 s`);
  })();
  await Promise.race([ready, exited]).catch((e) => { child.kill("SIGKILL"); throw e; });
  exited.catch(() => {});

  return {
    rpcUrl,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 2000).unref();
      }),
  };
}
