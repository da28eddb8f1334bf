/**
 * The promises about money under concurrency, crashes and hostile timing, driven as a person would: two tabs and
 * a double press under a budget, settings saved from two places, an answer lost after the gateway settled, our
 * own route timing out, a tab closed mid-reply, and a signature that expires unused. The chain is the judge.
 */
import type { Page } from "@playwright/test";
import { test, expect } from "../fixtures/test";
import { connectWallet as connect } from "../fixtures/connect-wallet";
import { armFault, clearFaults, mineBlock, setTokensPerSecond, usdcBalance } from "../fixtures/devnet";
import { formatUsdc, parseUsdc } from "../../lib/money";

const composer = (page: Page) => page.getByRole("textbox", { name: "Message" });
const dialogOf = (page: Page) => page.getByRole("dialog", { name: "Confirm payment" });

async function pickModel(page: Page, name: RegExp) {
  await page.getByRole("combobox", { name: "Model" }).click();
  await page.getByRole("option", { name }).first().click();
  await expect(page.getByRole("combobox", { name: "Model" })).toContainText(name);
}

/** Types a message and reads the price the composer shows for it. */
async function typeAndPrice(page: Page, text: string): Promise<bigint> {
  await composer(page).fill(text);
  const price = page.getByTestId("composer-price");
  await expect(price).toContainText("USDC");
  return parseUsdc(/([\d.]+) USDC/.exec((await price.textContent())!)![1]);
}

async function openSettings(page: Page) {
  const settings = page.getByRole("button", { name: "Settings" });
  if ((await settings.getAttribute("aria-expanded")) !== "true") await settings.click();
}

async function saveDailyLimit(page: Page, amount: bigint) {
  await openSettings(page);
  await page.getByLabel("Daily limit (USDC)").fill(formatUsdc(amount));
  await page.getByRole("button", { name: "Save budgets" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await page.keyboard.press("Escape"); // the settings panel is a dialog: close it to reach the composer
  await expect(page.getByLabel("Daily limit (USDC)")).toBeHidden();
}

const signed = (w: { signatureRequests: { outcome: string }[] }) => w.signatureRequests.filter((r) => r.outcome === "signed").length;

// Several payments, a second tab and the chain's clock per test: more than the default minute on 2 busy cores.
test.describe.configure({ timeout: 150_000 });

/** A second tab of the same browser reconnects the wallet by itself (wagmi remembers); connect only if it did not. */
async function ensureConnected(page: Page) {
  const reconnected = await expect(page.getByTestId("account-address")).toBeVisible({ timeout: 15_000 }).then(() => true, () => false);
  if (!reconnected) await connect(page);
}

test.afterEach(async () => {
  await clearFaults();
  await setTokensPerSecond(200);
});

test("two tabs under a daily limit between 1x and 2x the price: exactly one signs, the other is told the limit", async ({ page, context, wallet, connectWallet }) => {
  await page.goto("/");
  await connectWallet();
  await pickModel(page, /GPT-4o mini/i);
  const text = "Two tabs, one budget: which one pays?";
  const price = await typeAndPrice(page, text);
  // Each test has a fresh browser profile: nothing is spent today in it yet.
  await saveDailyLimit(page, (price * 3n) / 2n);

  const other = await context.newPage();
  await wallet.install(other);
  await other.goto("/");
  await ensureConnected(other);
  await pickModel(other, /GPT-4o mini/i);
  await typeAndPrice(other, text);

  await Promise.all([page.getByRole("button", { name: "Send" }).click(), other.getByRole("button", { name: "Send" }).click()]);
  // Both would press "Pay and send" at once: only one tab ever gets the dialog.
  await Promise.all(
    [page, other].map(async (p) => {
      const d = dialogOf(p);
      await expect(d.or(p.getByTestId("send-error"))).toBeVisible();
      if (await d.isVisible()) await d.getByRole("button", { name: "Pay and send" }).click();
    }),
  );
  const errors = [page, other].map((p) => p.getByTestId("send-error"));
  await expect.poll(async () => (await Promise.all(errors.map((e) => e.count()))).reduce((a, b) => a + b)).toBe(1);
  const refused = (await errors[0].count()) ? errors[0] : errors[1];
  await expect(refused).toContainText("daily limit");
  await expect(refused).toContainText(`by ${formatUsdc(price / 2n + (price % 2n))} USDC`);
  await expect(refused.getByRole("button", { name: /Raise daily limit to/ })).toBeVisible();
  await expect.poll(() => signed(wallet), { timeout: 20_000 }).toBe(1);
  await other.close();
});

test("a double press of Send and of Pay and send: one dialog, one signature, one charge", async ({ page, wallet, connectWallet }) => {
  await page.goto("/");
  await connectWallet();
  await pickModel(page, /GPT-4o mini/i);
  const price = await typeAndPrice(page, "Pressed twice, paid once");
  const before = await usdcBalance(wallet.address);
  await page.getByRole("button", { name: "Send" }).dblclick();
  await expect(dialogOf(page)).toHaveCount(1);
  await dialogOf(page).getByRole("button", { name: "Pay and send" }).dblclick();
  await expect(page.getByTestId("message-assistant").last().getByTestId("usage-status")).toHaveText("paid", { timeout: 30_000 });
  expect(signed(wallet)).toBe(1);
  expect(await usdcBalance(wallet.address)).toBe(before - price);
  await expect(page.getByTestId("message-user")).toHaveCount(1);
});

test("budgets saved, then the per-message cap changed elsewhere: after a reload every value is kept", async ({ page }) => {
  await page.goto("/history");
  await page.getByLabel("Daily limit (USDC)").fill("3.25");
  await page.getByLabel("Per-conversation limit (USDC)").fill("1.5");
  await page.getByRole("button", { name: "Save budgets" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  await page.goto("/");
  await openSettings(page);
  await page.getByLabel("Most one message may cost (USDC)").fill("0.2");
  await page.getByRole("button", { name: "Save limits" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  await page.reload();
  await openSettings(page);
  await expect(page.getByLabel("Most one message may cost (USDC)")).toHaveValue("0.200000");
  await expect(page.getByLabel("Daily limit (USDC)")).toHaveValue("3.250000");
  await expect(page.getByLabel("Per-conversation limit (USDC)")).toHaveValue("1.500000");
});

/** Sends one paid message (the dialog approved) and returns its price. */
async function payFor(page: Page, text: string): Promise<bigint> {
  const price = await typeAndPrice(page, text);
  await page.getByRole("button", { name: "Send" }).click();
  await dialogOf(page).getByRole("button", { name: "Pay and send" }).click();
  await expect(dialogOf(page)).toBeHidden();
  return price;
}

async function expectCharged(page: Page, tx?: RegExp) {
  const panel = page.getByTestId("message-assistant").last().getByTestId("usage-panel");
  await expect(panel.getByTestId("usage-status")).toHaveText("paid", { timeout: 30_000 });
  await panel.locator("summary").click();
  await expect(panel.getByTestId("usage-tx")).toHaveText(tx ?? /^0x[0-9a-f]{64}$/);
}

test("the answer lost after the gateway settled (a 502, and the resend refused as used) ends charged with its transaction", async ({ page, wallet, connectWallet }) => {
  await page.goto("/");
  await connectWallet();
  await pickModel(page, /GPT-4o mini/i);
  const before = await usdcBalance(wallet.address);
  await armFault({ kind: "error_after_settle", status: 502 });
  const price = await payFor(page, "Lose my answer after charging me");
  await expect(page.getByTestId("send-error")).toContainText("you were charged");
  await expectCharged(page);
  await expect(page.getByTestId("send-error")).not.toContainText("not charged");
  expect(await usdcBalance(wallet.address)).toBe(before - price);
});

test("our own route timing out after the gateway settled ends charged, never 'not charged'", async ({ page, wallet, connectWallet }) => {
  await page.goto("/");
  await connectWallet();
  await pickModel(page, /GPT-4o mini/i);
  const before = await usdcBalance(wallet.address);
  await armFault({ kind: "slow_after_settle", ms: 12_000 }); // the e2e app's route gives up after 8 s
  const price = await payFor(page, "Settle, then keep me waiting");
  await expect(page.getByTestId("send-error")).toBeVisible({ timeout: 20_000 });
  await expectCharged(page);
  expect(await usdcBalance(wallet.address)).toBe(before - price);
});

test("a tab closed mid-reply and opened again: the payment ends charged with its transaction", async ({ page, context, wallet, connectWallet }) => {
  await page.goto("/");
  await connectWallet();
  await pickModel(page, /GPT-4o mini/i);
  await setTokensPerSecond(6);
  const before = await usdcBalance(wallet.address);
  const price = await payFor(page, "Tell me a long story about a lighthouse keeper and the sea.");
  await expect(page.getByTestId("message-assistant").last()).toContainText("You said", { timeout: 15_000 });
  const url = page.url();
  await page.close();

  const again = await context.newPage();
  await wallet.install(again);
  await again.goto(url);
  await expect(again.getByTestId("message-assistant").last()).toContainText("The page closed while this reply was arriving");
  await expectCharged(again);
  expect(await usdcBalance(wallet.address)).toBe(before - price);
});

test("a signature that expires unused ends 'not charged', proven by the chain", async ({ page, wallet, connectWallet }) => {
  await page.goto("/");
  await connectWallet();
  await pickModel(page, /GPT-4o mini/i);
  const before = await usdcBalance(wallet.address);
  // The 402 asks for a signature valid 4 s that the gateway then refuses: signed, never used.
  await armFault({ kind: "short_timeout", seconds: 4, times: 10 });
  await armFault({ kind: "refusal_shape", shape: "code_debug", reason: "invalid_exact_evm_signature" });
  await payFor(page, "Refuse my short-lived signature");
  await expect(page.getByTestId("send-error")).toContainText("refused the payment");
  const status = page.getByTestId("message-assistant").last().getByTestId("usage-status");
  await expect(status).toHaveText("checking the chain");
  await page.waitForTimeout(5_000);
  await mineBlock(); // the chain's clock passes validBefore
  await page.reload();
  await expect(page.getByTestId("message-assistant").last().getByTestId("usage-status")).toHaveText("not charged (expired unused)", { timeout: 20_000 });
  expect(await usdcBalance(wallet.address)).toBe(before);
  await page.goto("/history");
  await expect(page.getByTestId("history-row").first()).toContainText("not charged (expired unused)");
});
