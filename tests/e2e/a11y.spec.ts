/**
 * axe-core (wcag2a, wcag2aa, wcag21aa, best-practice) over the chat (empty, with the payment dialog open, with a
 * paid reply and its open cost panel) and the spend history, in the light and the dark colour scheme. The app
 * follows prefers-color-scheme (Tailwind's media strategy), so Playwright's colorScheme emulation switches it.
 * Colour contrast is part of the check: buttons, small grey text, the code highlighter's colours.
 */
import type { Page } from "@playwright/test";
import { AxeBuilder } from "@axe-core/playwright";
import { test, expect } from "../fixtures/test";

const TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"];

async function expectNoViolations(page: Page, state: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).map((n) => n.target.join(" ") + (n.failureSummary ? ` -- ${n.failureSummary.replace(/\s+/g, " ").slice(0, 200)}` : "")).join("\n    ")}`);
  expect(found, `axe on ${state}`).toEqual([]);
}

for (const scheme of ["light", "dark"] as const) {
  test.describe(`${scheme} colour scheme`, () => {
    test.use({ colorScheme: scheme });

    test(`chat (empty, payment dialog, paid reply) and history: no axe violations, ${scheme}`, async ({ page, connectWallet }) => {
      test.setTimeout(300_000); // axe's colour-contrast pass over a long reply is slow on a loaded 2-core machine
      await page.goto("/");
      // The scheme really is the one emulated: the page background follows it.
      expect(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches)).toBe(scheme === "dark");
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      if (scheme === "dark") expect(bg).not.toBe("rgb(255, 255, 255)");
      else expect(bg).toBe("rgb(255, 255, 255)");
      await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
      await expect(page.getByRole("combobox", { name: "Model" })).not.toContainText("Loading");
      await expectNoViolations(page, "the empty chat");

      await connectWallet();
      await page.getByRole("combobox", { name: "Model" }).click();
      await page.getByRole("option", { name: /GPT-4o mini/i }).first().click();
      // A structured reply: a table and highlighted code (the highlighter's colours are checked too).
      await page.getByRole("textbox", { name: "Message" }).fill(`Show a TypeScript function and a table (${scheme}).`);
      await expect(page.getByTestId("composer-price")).toContainText("USDC");
      await expectNoViolations(page, "the chat with a priced draft");
      await page.getByRole("button", { name: "Send" }).click();
      const dialog = page.getByRole("dialog", { name: "Confirm payment" });
      await expect(dialog).toBeVisible();
      await expectNoViolations(page, "the payment dialog");

      await dialog.getByRole("button", { name: "Pay and send" }).click();
      const reply = page.getByTestId("message-assistant").last();
      await expect(reply.locator(".hljs-string, .hljs-keyword").first()).toBeVisible({ timeout: 30_000 });
      const panel = reply.getByTestId("usage-panel");
      await expect(panel).toContainText("paid", { timeout: 30_000 });
      await panel.locator("summary").click();
      await expect(panel).toContainText("Prompt tokens");
      await expectNoViolations(page, "the chat with a paid reply");

      await page.getByRole("button", { name: "Settings" }).click();
      await expect(page.getByRole("dialog", { name: "Chat settings" })).toBeVisible();
      await expectNoViolations(page, "the chat settings");
      await page.keyboard.press("Escape");

      await page.goto("/history");
      await expect(page.getByTestId("history-row").first()).toBeVisible();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Spend history");
      await expectNoViolations(page, "the spend history");
    });
  });
}
