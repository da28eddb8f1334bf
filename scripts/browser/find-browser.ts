/**
 * Where the Chromium that Playwright drives comes from, in order: CHROMIUM_PATH, Debian's /usr/bin/chromium,
 * Playwright's own download. Pure over what it is given (environment, a file-exists check, Playwright's
 * expected path), so tests/unit/browser/find-browser.test.ts runs it on a fake machine.
 * Used by scripts/ensure-browser.ts (first step of `npm test`), playwright.config.ts and bench/.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

export const DEBIAN_CHROMIUM = "/usr/bin/chromium";

export interface Machine {
  env: Record<string, string | undefined>;
  exists(path: string): boolean;
  /** Where Playwright keeps its own Chromium (whether or not it was downloaded); undefined if unknown. */
  playwrightChromium: string | undefined;
  /** Running as root (may use apt-get without sudo). */
  isRoot: boolean;
  /** apt-get is on this machine (Debian, Ubuntu). */
  hasAptGet: boolean;
}

export type BrowserFinding =
  | { found: true; source: "CHROMIUM_PATH" | "debian" | "playwright"; path: string }
  | { found: false; problem?: string };

export function findBrowser(m: Machine): BrowserFinding {
  const configured = m.env.CHROMIUM_PATH?.trim();
  if (configured) {
    if (m.exists(configured)) return { found: true, source: "CHROMIUM_PATH", path: configured };
    // A wrong CHROMIUM_PATH is a mistake to report, not something to paper over with another browser.
    return { found: false, problem: `CHROMIUM_PATH is set to ${configured}, which does not exist.` };
  }
  if (m.exists(DEBIAN_CHROMIUM)) return { found: true, source: "debian", path: DEBIAN_CHROMIUM };
  if (m.playwrightChromium && m.exists(m.playwrightChromium)) return { found: true, source: "playwright", path: m.playwrightChromium };
  return { found: false };
}

export type InstallStep = { kind: "playwright"; command: string[] } | { kind: "apt"; commands: string[][] };

/** What ensure-browser may try by itself when no browser is found: Playwright's download, then (as root) apt-get. */
export function installSteps(m: Machine, finding: BrowserFinding): InstallStep[] {
  if (finding.found || finding.problem) return [];
  const steps: InstallStep[] = [{ kind: "playwright", command: ["npx", "playwright", "install", "chromium"] }];
  if (m.isRoot && m.hasAptGet) {
    steps.push({
      kind: "apt",
      commands: [["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]],
    });
  }
  return steps;
}

/** The one line to print when nothing worked: exactly which command to run. */
export function adviceLine(m: Machine, finding: BrowserFinding): string {
  if (!finding.found && finding.problem) {
    return `npm test needs Chromium: ${finding.problem} Run: unset CHROMIUM_PATH (or point it at a Chromium binary), then npm test`;
  }
  if (m.hasAptGet) {
    const sudo = m.isRoot ? "" : "sudo ";
    return `npm test needs Chromium and could not install it. Run: ${sudo}apt-get install -y chromium   (or: npx playwright install chromium, or set CHROMIUM_PATH)`;
  }
  return "npm test needs Chromium and could not download it. Run: npx playwright install chromium   (or set CHROMIUM_PATH to a Chromium binary)";
}

/** This machine, as findBrowser sees it. */
export function thisMachine(): Machine {
  let playwrightChromium: string | undefined;
  try {
    // playwright-core knows where its own download goes for this platform and version.
    const { chromium } = createRequire(import.meta.url)("playwright-core") as { chromium: { executablePath(): string } };
    playwrightChromium = chromium.executablePath();
  } catch {
    playwrightChromium = undefined;
  }
  const pathDirs = (process.env.PATH ?? "").split(":").filter(Boolean);
  return {
    env: process.env,
    exists: existsSync,
    playwrightChromium,
    isRoot: typeof process.getuid === "function" && process.getuid() === 0,
    hasAptGet: pathDirs.some((d) => existsSync(`${d}/apt-get`)),
  };
}

/**
 * For chromium.launch({ executablePath }): the path found, or undefined to let Playwright use its own
 * browser (its headless shell when one was downloaded).
 */
export function chromiumLaunchPath(m: Machine = thisMachine()): string | undefined {
  const f = findBrowser(m);
  return f.found && f.source !== "playwright" ? f.path : undefined;
}
