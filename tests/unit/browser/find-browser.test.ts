import { describe, expect, it } from "vitest";
import { adviceLine, chromiumLaunchPath, DEBIAN_CHROMIUM, findBrowser, installSteps, type Machine } from "@/scripts/browser/find-browser";

const PLAYWRIGHT = "/root/.cache/ms-playwright/chromium-1200/chrome-linux/chrome";

/** A fake machine: the files that exist, the environment, who runs. */
function machine(files: string[], over: Partial<Machine> = {}): Machine {
  const set = new Set(files);
  return { env: {}, exists: (p) => set.has(p), playwrightChromium: PLAYWRIGHT, isRoot: false, hasAptGet: true, ...over };
}

describe("findBrowser", () => {
  it("takes CHROMIUM_PATH first when the file exists", () => {
    const m = machine(["/opt/chrome", DEBIAN_CHROMIUM, PLAYWRIGHT], { env: { CHROMIUM_PATH: "/opt/chrome" } });
    expect(findBrowser(m)).toEqual({ found: true, source: "CHROMIUM_PATH", path: "/opt/chrome" });
    expect(chromiumLaunchPath(m)).toBe("/opt/chrome");
  });

  it("reports a CHROMIUM_PATH that does not exist instead of using another browser", () => {
    const m = machine([DEBIAN_CHROMIUM], { env: { CHROMIUM_PATH: "/nope/chrome" } });
    const f = findBrowser(m);
    expect(f.found).toBe(false);
    expect(installSteps(m, f)).toEqual([]);
    expect(adviceLine(m, f)).toMatch(/CHROMIUM_PATH is set to \/nope\/chrome, which does not exist\. Run: unset CHROMIUM_PATH/);
  });

  it("uses Debian's chromium, then Playwright's own", () => {
    expect(findBrowser(machine([DEBIAN_CHROMIUM, PLAYWRIGHT]))).toMatchObject({ found: true, source: "debian", path: DEBIAN_CHROMIUM });
    const pw = machine([PLAYWRIGHT]);
    expect(findBrowser(pw)).toMatchObject({ found: true, source: "playwright", path: PLAYWRIGHT });
    // Playwright picks its own binary (and its headless shell) when given no path.
    expect(chromiumLaunchPath(pw)).toBeUndefined();
  });

  it("finds nothing on a fresh machine, and plans Playwright's download, then apt-get only as root", () => {
    const user = machine([]);
    const f = findBrowser(user);
    expect(f).toEqual({ found: false });
    expect(installSteps(user, f)).toEqual([{ kind: "playwright", command: ["npx", "playwright", "install", "chromium"] }]);

    const root = machine([], { isRoot: true });
    const steps = installSteps(root, findBrowser(root));
    expect(steps.map((s) => s.kind)).toEqual(["playwright", "apt"]);
    expect(steps[1]).toEqual({
      kind: "apt",
      commands: [["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]],
    });
    expect(installSteps(machine([], { isRoot: true, hasAptGet: false }), { found: false }).map((s) => s.kind)).toEqual(["playwright"]);
  });

  it("says exactly which command to run when nothing worked", () => {
    expect(adviceLine(machine([]), { found: false })).toMatch(/^npm test needs Chromium .* Run: sudo apt-get install -y chromium /);
    expect(adviceLine(machine([], { isRoot: true }), { found: false })).toMatch(/Run: apt-get install -y chromium /);
    expect(adviceLine(machine([], { hasAptGet: false }), { found: false })).toMatch(/Run: npx playwright install chromium /);
  });

  it("ignores a blank CHROMIUM_PATH", () => {
    expect(findBrowser(machine([DEBIAN_CHROMIUM], { env: { CHROMIUM_PATH: " " } }))).toMatchObject({ source: "debian" });
  });
});
