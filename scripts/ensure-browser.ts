/**
 * First step of `npm test`: make sure there is a Chromium for Playwright. Finds one (CHROMIUM_PATH, Debian's
 * /usr/bin/chromium, Playwright's own download); otherwise tries Playwright's download (where the network allows
 * it), then Debian's package when running as root; otherwise its first line of output is the command to run.
 * The attempts' own output is held back and shown after that line, so it never buries it.
 * The finding logic is scripts/browser/find-browser.ts (unit-tested in tests/unit/browser/).
 */
import { spawnSync } from "node:child_process";
import { adviceLine, findBrowser, installSteps, thisMachine } from "./browser/find-browser";

const INSTALL_TIMEOUT_MS = 10 * 60_000;
const log: string[] = [];

function run(cmd: string[]): boolean {
  const r = spawnSync(cmd[0], cmd.slice(1), {
    encoding: "utf8",
    timeout: INSTALL_TIMEOUT_MS,
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  const output = `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? r.error.message : ""}`.trim().split("\n").slice(-6);
  log.push(`$ ${cmd.join(" ")}  (exit ${r.status ?? "none"})`, ...output.map((l) => `  ${l}`));
  return r.status === 0;
}

const machine = thisMachine();
let finding = findBrowser(machine);

if (!finding.found) {
  for (const step of installSteps(machine, finding)) {
    const ok = step.kind === "playwright" ? run(step.command) : step.commands.every(run);
    finding = findBrowser(thisMachine());
    if (ok && finding.found) {
      console.log(`browser: installed ${finding.path} (${finding.source})`);
      break;
    }
  }
}

if (finding.found) {
  if (process.env.CI) console.log(`browser: ${finding.path} (${finding.source})`);
  process.exit(0);
}
console.error(adviceLine(machine, finding));
if (log.length) console.error(["What was tried:", ...log].join("\n"));
process.exit(1);
