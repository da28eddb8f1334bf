/**
 * End-to-end tests: the Chromium scripts/ensure-browser.ts found (CHROMIUM_PATH, Debian's, or Playwright's own), one worker because every test shares one
 * devnet and arms faults on it, and a webServer that starts that devnet plus the built app (tests/e2e/serve.ts).
 */
import { defineConfig, devices } from "@playwright/test";
import { appUrl } from "./tests/fixtures/test-env";
import { chromiumLaunchPath } from "./scripts/browser/find-browser";
const reuse = !!process.env.E2E_REUSE_SERVER;

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL: appUrl(),
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // CHROMIUM_PATH or Debian's Chromium when present; otherwise Playwright's own browser (undefined).
      executablePath: chromiumLaunchPath(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    // The smoke test sees the test wallet's untouched 10,000 USDC, so it runs before anything pays.
    { name: "smoke", testMatch: /smoke\.spec\.ts/, use: { ...devices["Desktop Chrome"] } },
    { name: "e2e", testIgnore: /smoke\.spec\.ts/, dependencies: ["smoke"], use: { ...devices["Desktop Chrome"] } },
  ],
  webServer: {
    command: "npx tsx tests/e2e/serve.ts",
    url: `${appUrl()}/api/gateway/devnet/v1/models`,
    // A fresh world per run (balances start at 10,000); E2E_REUSE_SERVER=1 reuses a running one.
    reuseExistingServer: reuse,
    timeout: 600_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
  },
});
