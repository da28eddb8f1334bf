import { test, expect } from "../fixtures/test";
import { DEV_ACCOUNT_USDC } from "../../devnet/accounts";
import { formatUsdc } from "../../lib/money";
import { usdcBalance } from "../fixtures/devnet";

test("the header shows, and the connected test wallet shows its address and USDC balance", async ({ page, wallet, connectWallet }) => {
  await page.goto("/");
  const header = page.getByRole("banner");
  await expect(header.getByRole("link", { name: "BlockRun Chat" })).toBeVisible();
  await expect(header.getByRole("link", { name: "Spend history" })).toHaveAttribute("href", "/history");
  await expect(header.getByRole("combobox", { name: "Network" })).toHaveValue("devnet");
  // Nothing connects on load: the wallet answers eth_accounts with [] until asked.
  await expect(header.getByRole("button", { name: "Connect wallet" })).toBeVisible();

  await connectWallet();

  await expect(header.getByTestId("account-address")).toHaveAttribute("data-address", wallet.address);
  await expect(header.getByRole("button", { name: `Account ${wallet.address}` })).toBeVisible();
  // 10,000 USDC before any payment; the chain agrees with the header.
  const onChain = await usdcBalance(wallet.address);
  // A reused world (E2E_REUSE_SERVER=1) may have paid already; a fresh one has not.
  if (!process.env.E2E_REUSE_SERVER) expect(onChain).toBe(DEV_ACCOUNT_USDC);
  await expect(header.getByRole("status", { name: "USDC balance on Devnet" })).toContainText(formatUsdc(onChain));
  // formatUsdc is exact and ungrouped: "10000.000000".
  if (!process.env.E2E_REUSE_SERVER) await expect(header.getByTestId("usdc-balance-amount")).toHaveText(formatUsdc(DEV_ACCOUNT_USDC));
  await expect(header.getByRole("button", { name: /^Switch to/ })).toHaveCount(0);
  expect(wallet.signatureRequests).toEqual([]);
});
