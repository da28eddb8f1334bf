/**
 * A paid message with the keyboard alone, from connecting the wallet to opening the cost panel: every step is
 * reached with Tab and shows a visible focus; the payment dialog takes focus, keeps it inside, closes on Escape and
 * gives focus back to the composer; Enter sends and Shift+Enter breaks the line; the reply is in a polite live
 * region and busy while it streams.
 */
import type { Locator, Page } from "@playwright/test";
import { test, expect } from "../fixtures/test";
import { setTokensPerSecond } from "../fixtures/devnet";
import { TEST_WALLET_NAME } from "../fixtures/test-wallet";

/** Presses Tab (or Shift+Tab) until `target` has the focus (at most `max` times), then checks the focus is visible. */
async function tabTo(page: Page, target: Locator, { max = 40, back = false } = {}) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) {
      await expectVisibleFocus(page);
      return;
    }
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  throw new Error(`Tab never reached ${target}`);
}

/** The focused control draws an outline or a ring (its own, or its form's, as the composer does). */
async function expectVisibleFocus(page: Page) {
  const shown = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return "nothing focused";
    const drawn = (e: Element) => {
      const s = getComputedStyle(e);
      return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
    };
    return drawn(el) || (el.closest("form") && drawn(el.closest("form")!)) ? "visible" : `no focus indicator on ${el.outerHTML.slice(0, 120)}`;
  });
  expect(shown).toBe("visible");
}

test.afterEach(async () => {
  await setTokensPerSecond(200);
});

test("keyboard only: connect, pick a model, Shift+Enter, Escape returns focus, Enter pays, cost panel opens", async ({ page, wallet }) => {
  test.setTimeout(90_000);
  await page.goto("/");
  await expect(page.getByRole("combobox", { name: "Model" })).not.toContainText("Loading");

  // Connect: the header's button, then the test wallet in RainbowKit's dialog.
  await tabTo(page, page.getByRole("button", { name: "Connect wallet" }));
  await page.keyboard.press("Enter");
  const walletDialog = page.getByRole("dialog");
  await expect(walletDialog).toBeVisible();
  await tabTo(page, walletDialog.getByRole("button", { name: new RegExp(TEST_WALLET_NAME) }));
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("account-address")).toHaveAttribute("data-address", wallet.address);

  // The model picker: open, type, arrows, Enter; focus comes back to it.
  const picker = page.getByRole("combobox", { name: "Model" });
  await tabTo(page, picker);
  await page.keyboard.press("Enter");
  const search = page.getByRole("combobox", { name: "Search models" });
  await expect(search).toBeFocused();
  // The per-message prices arrive once the tokenizer has loaded (it starts loading as the list opens).
  await expect(page.getByTestId("picker-price-basis")).toContainText("Price of this message");
  // Arrows move the active option (announced through aria-activedescendant) over the whole catalog.
  const activeOption = async () => search.evaluate((el) => document.getElementById(el.getAttribute("aria-activedescendant") ?? "")?.textContent ?? "");
  const first = await activeOption();
  await page.keyboard.press("ArrowDown");
  expect(await activeOption()).not.toBe(first);
  await page.keyboard.press("ArrowUp");
  expect(await activeOption()).toBe(first);
  await page.keyboard.type("gpt-4o mini");
  expect(await activeOption()).toMatch(/GPT-4o mini/i);
  await page.keyboard.press("Enter");
  await expect(search).toBeHidden();
  await expect(picker).toBeFocused();
  await expect(picker).toContainText(/GPT-4o mini/i);

  // Shift+Enter breaks the line; Enter sends.
  const composer = page.getByRole("textbox", { name: "Message" });
  await tabTo(page, composer);
  await page.keyboard.type("First line");
  await page.keyboard.press("Shift+Enter");
  await page.keyboard.type("and a table, please");
  await expect(composer).toHaveValue("First line\nand a table, please");
  await expect(page.getByTestId("composer-price")).toContainText("USDC");
  await page.keyboard.press("Enter");

  // The dialog takes focus on "Pay and send", keeps it inside, and Escape gives it back to the composer.
  const dialog = page.getByRole("dialog", { name: "Confirm payment" });
  await expect(dialog).toBeVisible();
  const pay = dialog.getByRole("button", { name: "Pay and send" });
  await expect(pay).toBeFocused();
  await expectVisibleFocus(page);
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press("Tab");
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(composer).toBeFocused();
  await expect(composer).toHaveValue("First line\nand a table, please");
  expect(wallet.signatureRequests).toHaveLength(0);

  // Again, and pay with Enter. The reply streams slowly enough to see it busy inside the polite log.
  await setTokensPerSecond(25);
  await page.keyboard.press("Enter");
  await expect(pay).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  const log = page.getByRole("log", { name: "Conversation" });
  await expect(log).toHaveAttribute("aria-live", "polite");
  const reply = log.getByTestId("message-assistant").last();
  await expect(reply).toHaveAttribute("aria-busy", "true");
  await expect(reply).toHaveAttribute("aria-busy", "false", { timeout: 30_000 });
  expect(wallet.signatureRequests.filter((r) => r.outcome === "signed")).toHaveLength(1);

  // The cost panel: reached with Shift+Tab from the composer (the reply comes just before it), opened with Enter.
  const panel = reply.getByTestId("usage-panel");
  await expect(panel).toContainText("paid", { timeout: 30_000 });
  await expect(composer).toBeFocused();
  await tabTo(page, panel.locator("summary"), { back: true });
  await page.keyboard.press("Enter");
  await expect(panel).toContainText("Prompt tokens");
  await expect(panel.getByTestId("usage-tx")).toHaveText(/^0x[0-9a-f]{64}$/);
});
