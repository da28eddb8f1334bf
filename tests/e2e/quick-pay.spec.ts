/**
 * Quick pay, driven as a person would, with the chain as the judge: one wallet prompt opens a session, five paid
 * messages go without any wallet prompt, "End session" returns the rest in one more prompt, and the main wallet
 * ends exactly the five prices poorer in USDC. A session whose tab was closed is found on the next visit and
 * returned. With a session open, a hostile 402 gets no signature from either key, and a price above the
 * session's cap goes to the wallet's own dialog.
 */
import type { Page } from "@playwright/test";
import { AxeBuilder } from "@axe-core/playwright";
import type { Address } from "viem";
import { test, expect } from "../fixtures/test";
import { connectWallet as connect } from "../fixtures/connect-wallet";
import { armFault, clearFaults, usdcBalance } from "../fixtures/devnet";
import { formatUsdc, parseUsdc } from "../../lib/money";

test.describe.configure({ timeout: 240_000 });

const composer = (page: Page) => page.getByRole("textbox", { name: "Message" });
const prompts = (w: { signatureRequests: { outcome: string }[] }) => w.signatureRequests.filter((r) => r.outcome === "signed").length;

async function pickModel(page: Page, name: RegExp) {
  await page.getByRole("combobox", { name: "Model" }).click();
  await page.getByRole("option", { name }).first().click();
  await expect(page.getByRole("combobox", { name: "Model" })).toContainText(name);
}

async function typeAndPrice(page: Page, text: string): Promise<bigint> {
  await composer(page).fill(text);
  const price = page.getByTestId("composer-price");
  await expect(price).toContainText("USDC");
  return parseUsdc(/([\d.]+) USDC/.exec((await price.textContent())!)![1]);
}

/** Opens a session with the dialog's defaults (2 USDC, 0.05 cap, 1 hour); returns the session's address. */
async function startQuickPay(page: Page): Promise<Address> {
  await page.getByRole("button", { name: "Quick pay" }).click();
  const dialog = page.getByRole("dialog", { name: "Quick pay" });
  await expect(dialog.getByLabel("Amount (USDC)")).toHaveValue("2");
  await expect(dialog.getByLabel("Per-message cap (USDC)")).toHaveValue("0.05");
  await dialog.getByRole("button", { name: "Start quick pay" }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  const status = page.getByTestId("quick-pay-status");
  await expect(status).toContainText("2.000000 USDC");
  await expect(status).toContainText("min left");
  return (await status.getAttribute("data-session-address")) as Address;
}

async function endQuickPay(page: Page) {
  await page.getByRole("button", { name: "End session" }).click();
  await expect(page.getByTestId("quick-pay-status")).toBeHidden({ timeout: 30_000 });
  await expect(page.getByRole("button", { name: "Quick pay" })).toBeVisible();
}

test.afterEach(async () => {
  await clearFaults();
});

test("one prompt opens a session, five paid messages prompt nothing, End returns the rest: the wallet pays exactly the five prices", async ({ page, wallet, connectWallet }) => {
  await page.goto("/");
  await connectWallet();
  await pickModel(page, /GPT-4o mini/i);
  const start = await usdcBalance(wallet.address);

  const session = await startQuickPay(page);
  expect(prompts(wallet)).toBe(1);
  expect(wallet.signatureRequests[0].method).toBe("eth_sendTransaction");
  expect(await usdcBalance(session)).toBe(2_000_000n);
  expect(await usdcBalance(wallet.address)).toBe(start - 2_000_000n);

  let spent = 0n;
  for (let i = 1; i <= 5; i++) {
    const price = await typeAndPrice(page, `Quick pay message number ${i}: say hello.`);
    await expect(page.getByTestId("composer-paid-by")).toHaveText("· Paid from quick pay session");
    await page.getByRole("button", { name: "Send" }).click();
    const reply = page.getByTestId("message-assistant").nth(i - 1);
    const panel = reply.getByTestId("usage-panel");
    await expect(panel.getByTestId("usage-amount")).toHaveText(`${formatUsdc(price)} USDC`, { timeout: 30_000 });
    await expect(panel.getByTestId("usage-status")).toHaveText("paid", { timeout: 30_000 });
    await expect(panel.getByTestId("usage-quick-pay")).toHaveText("Paid from quick pay session");
    spent += price;
  }
  await expect(page.getByRole("dialog", { name: "Confirm payment" })).toHaveCount(0);
  expect(prompts(wallet)).toBe(1); // no prompt for any of the five
  expect(await usdcBalance(session)).toBe(2_000_000n - spent);

  await endQuickPay(page);
  expect(prompts(wallet)).toBe(2); // the return's submission
  expect(wallet.signatureRequests.map((r) => r.method)).toEqual(["eth_sendTransaction", "eth_sendTransaction"]);
  expect(await usdcBalance(session)).toBe(0n);
  expect(await usdcBalance(wallet.address)).toBe(start - spent);

  // The history: five payments from the session, the two movements apart from spend, totals exact.
  await page.goto("/history");
  await expect(page.getByTestId("history-row")).toHaveCount(5);
  await expect(page.getByTestId("row-quick-pay")).toHaveCount(5);
  await expect(page.getByTestId("row-quick-pay").first()).toContainText(`funded by ${wallet.address.slice(0, 8)}`);
  await expect(page.getByTestId("movement-row")).toHaveCount(2);
  await expect(page.getByTestId("movement-amount")).toHaveText([formatUsdc(2_000_000n - spent), "2.000000"]);
  await expect(page.getByTestId("history-count")).toContainText("5 charged");
  await page.getByRole("button", { name: "Verify on chain" }).click();
  await expect(page.getByTestId("row-verification").first()).toHaveAttribute("data-state", "verified", { timeout: 30_000 });
  await expect(page.locator('[data-testid="row-verification"][data-state="verified"]')).toHaveCount(5);
});

test("with a session open, an edit is paid from it like a composer message; a regenerate shows its price in the dialog first, then the session pays", async ({ page, wallet, connectWallet }) => {
  await page.goto("/");
  await connectWallet();
  await pickModel(page, /GPT-4o mini/i);
  const session = await startQuickPay(page);
  await typeAndPrice(page, "Quick pay branch: name a fruit.");
  await page.getByRole("button", { name: "Send" }).click();
  const reply = page.getByTestId("message-assistant");
  await expect(reply.getByTestId("usage-status")).toHaveText("paid", { timeout: 30_000 });

  // Edit and resend: priced while editing, then no dialog and no wallet prompt.
  await page.getByTestId("message-user").first().getByRole("button", { name: "Edit message" }).click();
  await page.getByRole("textbox", { name: "Edit message" }).fill("Quick pay branch: name a vegetable.");
  await expect(page.getByTestId("editor-price")).toContainText("USDC");
  await expect(page.getByTestId("editor-paid-by")).toHaveText("· Paid from quick pay session");
  await page.getByRole("button", { name: "Save and send" }).click();
  await expect(reply.last()).toContainText("name a vegetable", { timeout: 30_000 });
  await expect(reply.last().getByTestId("usage-quick-pay")).toHaveText("Paid from quick pay session", { timeout: 30_000 });
  await expect(reply.last().getByTestId("usage-status")).toHaveText("paid", { timeout: 30_000 });
  await expect(page.getByRole("dialog", { name: "Confirm payment" })).toHaveCount(0);

  // Regenerate: nobody saw this price yet, so the dialog shows it; the session signs after "Pay and send".
  await reply.last().getByRole("button", { name: "Regenerate reply" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm payment" });
  await expect(dialog.getByTestId("payment-amount")).toContainText("USDC");
  // The dialog names who signs: the session's key, with no wallet prompt to follow.
  await expect(dialog).toHaveAccessibleDescription(/quick pay session will sign/);
  await dialog.getByRole("button", { name: "Pay and send" }).click();
  await expect(reply.last().getByTestId("version-position")).toHaveText("2 / 2", { timeout: 45_000 });
  await expect(reply.last().getByTestId("usage-quick-pay")).toHaveText("Paid from quick pay session", { timeout: 30_000 });
  expect(prompts(wallet)).toBe(1); // only the session's top-up
  expect(await usdcBalance(session)).toBeLessThan(2_000_000n);
  await endQuickPay(page);
});

test("a session whose tab was closed is found on the next visit, its balance read from the chain, and returned", async ({ page, context, wallet, connectWallet }) => {
  await page.goto("/");
  await connectWallet();
  const start = await usdcBalance(wallet.address);
  const session = await startQuickPay(page);
  await page.close();

  const next = await context.newPage();
  await wallet.install(next);
  await next.goto("/");
  const reconnected = await expect(next.getByTestId("account-address")).toBeVisible({ timeout: 15_000 }).then(() => true, () => false);
  if (!reconnected) await connect(next);
  const status = next.getByTestId("quick-pay-status");
  await expect(status).toContainText("2.000000 USDC");
  expect(await status.getAttribute("data-session-address")).toBe(session);

  await endQuickPay(next);
  expect(await usdcBalance(session)).toBe(0n);
  expect(await usdcBalance(wallet.address)).toBe(start);
  expect(prompts(wallet)).toBe(2);
});

test("with a session open, a hostile 402 gets no signature from either key; a price above the session's cap goes to the wallet's dialog", async ({ page, wallet, connectWallet }) => {
  await page.goto("/");
  await connectWallet();
  await pickModel(page, /GPT-4o mini/i);
  const session = await startQuickPay(page);
  expect(prompts(wallet)).toBe(1);

  await armFault({ kind: "hostile_pay_to", times: 20 });
  await composer(page).fill("Hostile recipient while quick pay is on");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("send-error")).toContainText("Nothing was signed");
  await expect(page.getByRole("dialog", { name: "Confirm payment" })).toBeHidden();
  expect(wallet.signatureRequests).toHaveLength(1);
  expect(await usdcBalance(session)).toBe(2_000_000n);
  await expect(composer(page)).toHaveValue("Hostile recipient while quick pay is on");
  await clearFaults();

  // 0.1 USDC: under the app's per-message cap (0.5) but above the session's (0.05): the wallet pays, with its dialog.
  await armFault({ kind: "hostile_amount", amount: "100000", times: 20 });
  await composer(page).fill("A dearer message");
  await expect(page.getByTestId("composer-price")).toContainText("0.100000 USDC");
  await expect(page.getByTestId("composer-paid-by")).toContainText("Paid by your wallet: this message is above the session's cap");
  await page.getByRole("button", { name: "Send" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm payment" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  expect(wallet.signatureRequests).toHaveLength(1);
  expect(await usdcBalance(session)).toBe(2_000_000n);

  await clearFaults();
  await endQuickPay(page);
  expect(await usdcBalance(session)).toBe(0n);
});

for (const scheme of ["light", "dark"] as const) {
  test.describe(`${scheme} colour scheme`, () => {
    test.use({ colorScheme: scheme });
    test(`the Quick pay dialog and the header with a session: no axe violations, ${scheme}`, async ({ page, connectWallet }) => {
      const axe = async (state: string) => {
        const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]).analyze();
        expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), `axe on ${state}`).toEqual([]);
      };
      await page.goto("/");
      await connectWallet();
      await page.getByRole("button", { name: "Quick pay" }).click();
      await expect(page.getByRole("dialog", { name: "Quick pay" })).toBeVisible();
      await axe("the Quick pay dialog");
      await page.getByRole("dialog", { name: "Quick pay" }).getByRole("button", { name: "Start quick pay" }).click();
      // The dialog closes after the balances refresh; until then it is modal (the page behind takes no typing).
      await expect(page.getByRole("dialog", { name: "Quick pay" })).toBeHidden({ timeout: 30_000 });
      await expect(page.getByTestId("quick-pay-status")).toContainText("2.000000 USDC", { timeout: 30_000 });
      await composer(page).fill("Who pays?");
      await expect(page.getByTestId("composer-paid-by")).toBeVisible();
      await axe("the header with a session and the composer saying who pays");
      await endQuickPay(page);
    });
  });
}
