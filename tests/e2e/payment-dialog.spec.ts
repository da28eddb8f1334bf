/**
 * The payment dialog tells the person what will be signed: the amount in large type, the network it is signed
 * for, and the gateway's breakdown as the gateway's own words, called out when it does not add up to that amount.
 */
import { test, expect } from "../fixtures/test";
import { armFault, clearFaults } from "../fixtures/devnet";

test.afterEach(async () => {
  await clearFaults();
});

test("a breakdown that does not add up to the amount is called out; the amount shown is the amount signed", async ({ page, wallet, connectWallet }) => {
  await page.goto("/");
  await connectWallet();
  await page.getByRole("combobox", { name: "Model" }).click();
  await page.getByRole("option", { name: /GPT-4o mini/i }).first().click();

  // First an honest quote: its parts add up, nothing is called out.
  await page.getByRole("textbox", { name: "Message" }).fill("What does this cost?");
  await expect(page.getByTestId("composer-price")).toContainText("USDC");
  await page.getByRole("button", { name: "Send" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm payment" });
  await expect(dialog.getByTestId("payment-network")).toHaveText("on Devnet (chain 31337)");
  await expect(dialog.getByTestId("payment-breakdown")).toContainText("Input cost");
  await expect(dialog.getByTestId("payment-breakdown")).toContainText("Fee");
  await expect(dialog.getByTestId("breakdown-mismatch")).toHaveCount(0);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();

  // The gateway asks 0.005000 USDC while its breakdown still describes the real, smaller price.
  await armFault({ kind: "hostile_amount", amount: "5000", times: 20 });
  await page.getByRole("textbox", { name: "Message" }).fill("What does this cost now?");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(dialog.getByTestId("payment-amount")).toContainText("0.005000");
  const mismatch = dialog.getByTestId("breakdown-mismatch");
  await expect(mismatch).toContainText(/These parts add up to 0\.00\d{4} USDC, not 0\.005000 USDC\. Your wallet signs 0\.005000 USDC/);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  expect(wallet.signatureRequests).toHaveLength(0);
});
