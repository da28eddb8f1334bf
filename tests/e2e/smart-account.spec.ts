/**
 * Paying with a smart wallet, as Coinbase Wallet users do: the injected test wallet in smart-account mode shows a
 * contract account's address and signs with ERC-1271 signatures, wrapped in ERC-6492 while the account is not yet
 * deployed. The first payment is counterfactual (its settlement deploys the account), the second is from the
 * deployed account; the chain agrees with each (the account's USDC falls by exactly the amount paid) and the
 * history's chain verification says verified.
 */
import type { Page, Request } from "@playwright/test";
import { decodePaymentSignatureHeader } from "@x402/core/http";
import { test as base, expect } from "../fixtures/test";
import { TestWallet } from "../fixtures/test-wallet";
import { usdcBalance } from "../fixtures/devnet";
import { formatUsdc, parseUsdc } from "../../lib/money";

const test = base.extend<{ wallet: TestWallet }>({
  wallet: async ({ page }, provide) => {
    const wallet = new TestWallet({ smartAccount: true });
    await wallet.install(page);
    await provide(wallet);
  },
});

const ERC6492_SUFFIX = "6492649264926492649264926492649264926492649264926492649264926492";

/** The signatures the page sent to the gateway, in order (decoded PAYMENT-SIGNATURE headers). */
function watchSignatures(page: Page) {
  const signatures: string[] = [];
  page.on("request", (r: Request) => {
    const h = r.headers()["payment-signature"];
    if (h && r.url().includes("/v1/chat/completions")) signatures.push((decodePaymentSignatureHeader(h).payload as { signature: string }).signature);
  });
  return signatures;
}

/** Sends one paid message and returns the amount its cost panel shows, in atomic units. */
async function sendPaid(page: Page, text: string): Promise<bigint> {
  const replies = page.getByTestId("message-assistant");
  const before = await replies.count();
  await page.getByRole("textbox", { name: "Message" }).fill(text);
  await expect(page.getByTestId("composer-price")).toContainText("USDC");
  await page.getByRole("button", { name: "Send" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm payment" });
  await dialog.getByRole("button", { name: "Pay and send" }).click();
  await expect(dialog).toBeHidden();
  await expect(replies).toHaveCount(before + 1);
  const panel = replies.nth(before).getByTestId("usage-panel");
  await expect(panel).toContainText("paid", { timeout: 30_000 });
  const amount = (await panel.getByTestId("usage-amount").textContent())!.trim();
  expect(amount).toMatch(/^\d+\.\d{6} USDC$/);
  return parseUsdc(amount.replace(/ USDC$/, ""));
}

test("a smart-account wallet pays counterfactual (the payment deploys it), then deployed; the chain and the history agree", async ({ page, wallet, connectWallet }) => {
  test.setTimeout(180_000);
  await wallet.fund("5");
  expect(await wallet.isDeployed()).toBe(false);
  const signatures = watchSignatures(page);
  await page.goto("/");
  await connectWallet();
  await expect(page.getByTestId("account-address")).toHaveAttribute("data-address", wallet.address);
  expect(wallet.address).not.toBe(wallet.account.address); // the contract account, not its owner key
  const start = await usdcBalance(wallet.address);
  expect(start).toBe(5_000_000n);

  const first = await sendPaid(page, "First message from a smart wallet that is not deployed yet.");
  expect(await wallet.isDeployed()).toBe(true);
  expect(await usdcBalance(wallet.address)).toBe(start - first);
  expect(signatures).toHaveLength(1);
  expect(signatures[0].endsWith(ERC6492_SUFFIX)).toBe(true);

  const second = await sendPaid(page, "Second message, now from the deployed account.");
  expect(await usdcBalance(wallet.address)).toBe(start - first - second);
  expect(signatures).toHaveLength(2);
  expect(signatures[1].endsWith(ERC6492_SUFFIX)).toBe(false);
  expect((signatures[1].length - 2) / 2).toBeGreaterThan(65); // ERC-1271, not an ECDSA signature
  expect(wallet.signatureRequests.filter((r) => r.outcome === "signed")).toHaveLength(2);

  await page.getByRole("banner").getByRole("link", { name: "Spend history" }).click();
  await expect(page).toHaveURL(/\/history$/);
  const rows = page.getByTestId("history-row");
  await expect(rows).toHaveCount(2);
  await page.getByRole("button", { name: "Verify on chain" }).click();
  const total = first + second;
  await expect(page.getByTestId("history-summary")).toHaveText(
    `2 of 2 payments verified on chain; ${formatUsdc(total)} USDC recorded, ${formatUsdc(total)} USDC on chain`,
  );
  await expect(rows.getByTestId("row-verification")).toHaveText(["verified", "verified"]);
});
