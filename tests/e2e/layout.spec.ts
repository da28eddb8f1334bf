/**
 * The chat's layout on a desktop window: the header, the model bar and the composer stay in place; only the
 * message list scrolls. It follows a streaming reply; once the reader scrolls up it stays put and offers
 * "Jump to latest", which brings the newest text back.
 */
import type { Page } from "@playwright/test";
import { test, expect } from "../fixtures/test";
import { setTokensPerSecond } from "../fixtures/devnet";

const distanceFromBottom = (page: Page) =>
  page.getByTestId("message-list").evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);

test.afterEach(async () => {
  await setTokensPerSecond(200);
});

test("only the message list scrolls; it follows a reply unless scrolled up; Jump to latest", async ({ page, connectWallet }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 640 });
  await page.goto("/");
  await connectWallet();
  await page.getByRole("combobox", { name: "Model" }).click();
  await page.getByRole("option", { name: /GPT-4o mini/i }).first().click();
  const composer = page.getByRole("textbox", { name: "Message" });
  const header = page.getByRole("banner");
  const picker = page.getByRole("combobox", { name: "Model" });
  const places = async () => [(await header.boundingBox())!.y, (await picker.boundingBox())!.y, (await composer.boundingBox())!.y];

  // A first reply, so the second one starts below a screenful of text.
  await composer.fill("Show me a function and a table.");
  await page.getByRole("button", { name: "Send" }).click();
  await page.getByRole("dialog", { name: "Confirm payment" }).getByRole("button", { name: "Pay and send" }).click();
  await expect(page.getByTestId("usage-panel")).toContainText("paid", { timeout: 30_000 });
  const before = await places();

  await setTokensPerSecond(12);
  await composer.fill("And another function with a table, please.");
  await page.getByRole("button", { name: "Send" }).click();
  await page.getByRole("dialog", { name: "Confirm payment" }).getByRole("button", { name: "Pay and send" }).click();
  const reply = page.getByTestId("message-assistant").nth(1);
  await expect(reply).toContainText("Step 1", { timeout: 20_000 });
  // While it streams, the list follows the newest text, and nothing else moved.
  await expect.poll(() => distanceFromBottom(page)).toBeLessThan(30);
  expect(await places()).toEqual(before);
  expect(await page.evaluate(() => document.scrollingElement!.scrollTop)).toBe(0);

  // Scrolled up, the list stays put while text keeps arriving, and offers the way back.
  await page.getByTestId("message-list").hover();
  await page.mouse.wheel(0, -400);
  const jump = page.getByRole("button", { name: "Jump to latest" });
  await expect(jump).toBeVisible();
  const held = await page.getByTestId("message-list").evaluate((el) => el.scrollTop);
  await page.waitForTimeout(1200);
  expect(await page.getByTestId("message-list").evaluate((el) => el.scrollTop)).toBe(held);
  expect(await distanceFromBottom(page)).toBeGreaterThan(100);

  await jump.click();
  await expect(jump).toBeHidden();
  await expect.poll(() => distanceFromBottom(page)).toBeLessThan(30);
  // Following again until the reply ends with its cost panel in view.
  await expect(reply.getByTestId("usage-panel")).toContainText("paid", { timeout: 60_000 });
  await expect(reply.getByTestId("usage-panel")).toBeInViewport();
  expect(await places()).toEqual(before);
});
