/**
 * The app on a phone (390x844, touch): nothing sticks out sideways, controls are at least 44 px, the conversation
 * list is a drawer, account, balance, network and faucet are in the header menu, the payment dialog fits the
 * screen, and after a reply taller than the screen the header and the composer are still where they were.
 */
import type { Page } from "@playwright/test";
import { test, expect } from "../fixtures/test";
import { TEST_WALLET_NAME } from "../fixtures/test-wallet";
import { horizontalOverflow, isInsideWindow, smallTouchTargets } from "../fixtures/layout-checks";

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

async function expectFitsPhone(page: Page, state: string) {
  expect(await horizontalOverflow(page), `sideways overflow on ${state}`).toEqual([]);
  expect(await smallTouchTargets(page), `touch targets under 44 px on ${state}`).toEqual([]);
}

test("a paid message on a phone: menu, dialog inside the screen, composer in view after a long reply, drawer", async ({ page, wallet }) => {
  test.setTimeout(120_000);
  await page.goto("/");
  const header = page.getByRole("banner");
  await expect(page.getByRole("combobox", { name: "Model" })).not.toContainText("Loading");
  await expectFitsPhone(page, "the empty chat");

  // Connect from the header (the one wallet action left in the bar on a phone).
  await header.getByRole("button", { name: "Connect wallet" }).tap();
  await page.getByRole("dialog").getByRole("button", { name: new RegExp(TEST_WALLET_NAME) }).tap();
  await expect(header.getByRole("button", { name: "Connect wallet" })).toHaveCount(0);

  // Account, balance, network and faucet are in the menu.
  await header.getByRole("button", { name: "Account and network" }).tap();
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  await expect(menu.getByRole("menuitem", { name: `Account ${wallet.address}` })).toBeVisible();
  await expect(menu.getByTestId("menu-balance")).toContainText(/\d+\.\d{6} USDC/);
  await expect(menu.getByRole("menuitemradio", { name: "Devnet" })).toHaveAttribute("aria-checked", "true");
  await expect(menu.getByRole("menuitem", { name: "Get test USDC" })).toBeVisible();
  await expect(menu.getByRole("menuitem", { name: "Spend history" })).toBeVisible();
  expect(await isInsideWindow(menu)).toBe(true);
  await expectFitsPhone(page, "the header menu");
  await menu.getByRole("menuitem", { name: "Get test USDC" }).tap();
  await expect(page.getByRole("status").filter({ hasText: "Test USDC sent" })).toBeVisible();

  // A long reply: a structured answer to a long question is taller than the screen.
  await page.getByRole("combobox", { name: "Model" }).tap();
  await page.getByRole("option", { name: /GPT-4o mini/i }).first().tap();
  const composer = page.getByRole("textbox", { name: "Message" });
  await composer.fill(`Write a function and a table. ${"Please be thorough about every detail of it. ".repeat(12)}`);
  await expect(page.getByTestId("composer-price")).toContainText("USDC");
  await page.getByRole("button", { name: "Send" }).tap();
  const dialog = page.getByRole("dialog", { name: "Confirm payment" });
  await expect(dialog).toBeVisible();
  expect(await isInsideWindow(dialog), "the payment dialog fits the screen").toBe(true);
  await expect(dialog.getByRole("button", { name: "Pay and send" })).toBeInViewport();
  await expectFitsPhone(page, "the payment dialog");
  await dialog.getByRole("button", { name: "Pay and send" }).tap();
  const reply = page.getByTestId("message-assistant").last();
  await expect(reply.getByTestId("usage-panel")).toContainText("paid", { timeout: 30_000 });

  const list = page.getByTestId("message-list");
  expect(await list.evaluate((el) => el.scrollHeight > el.clientHeight + 200), "the conversation is taller than the screen").toBe(true);
  // The header and the composer are still on screen, the page itself did not scroll, and the list followed the reply.
  expect(await isInsideWindow(header)).toBe(true);
  expect(await isInsideWindow(composer)).toBe(true);
  expect(await page.evaluate(() => [window.scrollY, document.scrollingElement!.scrollTop])).toEqual([0, 0]);
  await expect.poll(() => list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight)).toBeLessThan(30);
  await expect(reply.getByTestId("usage-panel")).toBeInViewport();
  await expectFitsPhone(page, "the chat with a long paid reply");

  // The conversation list is a drawer.
  await expect(page.getByRole("navigation", { name: "Conversations" })).toBeHidden();
  await page.getByRole("button", { name: "Conversations" }).tap();
  const drawer = page.getByRole("dialog", { name: "Conversations" });
  await expect(drawer).toBeVisible();
  expect(await isInsideWindow(drawer)).toBe(true);
  const url = page.url();
  await expectFitsPhone(page, "the conversation drawer");
  await drawer.getByRole("button", { name: "New chat" }).tap();
  await expect(drawer).toBeHidden();
  await expect(page).toHaveURL(/\/$/);
  await page.getByRole("button", { name: "Conversations" }).tap();
  await drawer.getByRole("link", { name: /Write a function/ }).tap();
  await expect(drawer).toBeHidden();
  await expect(page).toHaveURL(url);
  await expect(page.getByTestId("message-assistant")).toHaveCount(1);

  // The spend history fits too (its wide table scrolls inside its own box).
  await page.goto("/history");
  await expect(page.getByTestId("history-row").first()).toBeVisible();
  expect(await horizontalOverflow(page), "sideways overflow on the history").toEqual([]);
});

test("the header menu opened from the keyboard puts the focus on its first item; Escape gives it back", async ({ page }) => {
  await page.goto("/");
  const button = page.getByRole("banner").getByRole("button", { name: "Account and network" });
  await button.focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  const first = menu.locator('[role^="menuitem"]').first(); // menuitem, menuitemradio or menuitemcheckbox
  await expect(first).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(first).not.toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();
});
