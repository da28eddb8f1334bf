/**
 * The wallet kit loads on demand: the chat page is usable (message box, model picker, live price) with no wallet
 * code loaded; "Connect wallet" loads it and lists the Devnet wallet, MetaMask (to get, no extension here),
 * Coinbase Wallet and the EIP-6963 test wallet; a reload after connecting the Devnet wallet reconnects it.
 */
import { test, expect } from "../fixtures/test";

/** RainbowKit's markers in the page: its theme root and its modal. */
const rainbowKitMounted = (page: import("@playwright/test").Page) => page.locator("[data-rk]").count();

test("the page is usable before any wallet code loads; Connect wallet loads the list", async ({ page, wallet }) => {
  void wallet; // the EIP-6963 test wallet is installed, so the list shows it under "Installed"
  const scripts: string[] = [];
  page.on("request", (r) => r.resourceType() === "script" && scripts.push(r.url()));
  await page.goto("/");
  await page.getByRole("textbox", { name: "Message" }).fill("What is the price of this message?");
  await expect(page.getByTestId("composer-price")).toContainText("USDC");
  await expect(page.getByRole("combobox", { name: "Model" })).not.toHaveText(/Loading models/);
  expect(await rainbowKitMounted(page)).toBe(0);
  const beforeConnect = scripts.length;

  await page.getByRole("button", { name: "Connect wallet" }).click();
  const modal = page.getByRole("dialog");
  await expect(modal).toBeVisible();
  expect(scripts.length).toBeGreaterThan(beforeConnect); // the kit came with the click
  for (const name of ["Devnet wallet", "MetaMask", "Coinbase Wallet", "Test Wallet"]) {
    await expect(modal.getByRole("button", { name: new RegExp(name) })).toBeVisible();
  }
  // No MetaMask extension and no WalletConnect project id: the way to get it.
  await modal.getByRole("button", { name: /MetaMask/ }).click();
  await expect(modal.getByText(/Get MetaMask/i).first()).toBeVisible();
});

test("the Devnet wallet connects, and reconnects after a reload once the kit loads in the background", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Connect wallet" }).click();
  await page.getByRole("dialog").getByRole("button", { name: /Devnet wallet/ }).click();
  const account = page.getByTestId("account-address");
  await expect(account).toBeVisible({ timeout: 20_000 });
  const address = await account.getAttribute("data-address");

  await page.reload();
  await expect(page.getByTestId("account-address")).toHaveAttribute("data-address", address!, { timeout: 20_000 });
});

test("text typed before the page's scripts run is kept, and priced once they do", async ({ page }) => {
  // The server's HTML has the message box; hold every script so the typing lands before hydration.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route("**/_next/static/chunks/**", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto("/", { waitUntil: "commit" });
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill("Typed before the scripts ran");
  release();
  await expect(page.getByTestId("composer-price")).toContainText("USDC");
  await expect(box).toHaveValue("Typed before the scripts ran");
});
