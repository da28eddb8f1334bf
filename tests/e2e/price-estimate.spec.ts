/**
 * The price of this message on every model: the picker shows each model's estimate for the message as typed
 * (computed in the page, no request per model), the selected model's estimate equals the composer's 402 to the
 * atomic unit, sorting by price orders them, and when the history a chat carries is most of the price, trimming
 * the oldest turns lowers the 402, carrying all again restores it, and "New chat with summary" is a priced, paid
 * message whose reply starts a new chat.
 */
import type { Page, Response } from "@playwright/test";
import { decodePaymentRequiredHeader } from "@x402/core/http";
import { test, expect } from "../fixtures/test";
import { formatUsdc, parseUsdc } from "../../lib/money";
import { SUMMARY_REQUEST } from "../../lib/chat/summary";

const composer = (page: Page) => page.getByRole("textbox", { name: "Message" });
const picker = (page: Page) => page.getByRole("combobox", { name: "Model" });

async function pickModel(page: Page, name: RegExp) {
  await picker(page).click();
  await page.getByRole("option", { name }).first().click();
  await expect(picker(page)).toContainText(name);
}

/** The composer's price (the gateway's 402), once it is there. */
async function composerPrice(page: Page): Promise<bigint> {
  const price = page.getByTestId("composer-price");
  await expect(price).toContainText("USDC");
  await expect(price).toHaveText(/[\d.]+ USDC/);
  // Read again: the line may change between the wait and the read (a new quote); inside expect.poll a failed
  // expect is retried, a TypeError is not.
  const m = /([\d.]+) USDC/.exec((await price.textContent()) ?? "");
  expect(m, "the composer shows a price").not.toBeNull();
  return parseUsdc(m![1]);
}

/** Chat-completion 402 amounts as the app received them, and how many were asked. */
function watchQuotes(page: Page) {
  const amounts: bigint[] = [];
  page.on("response", (res: Response) => {
    if (res.status() === 402 && res.url().includes("/v1/chat/completions")) {
      const h = res.headers()["payment-required"];
      if (h) amounts.push(BigInt(decodePaymentRequiredHeader(h).accepts.find((a) => a.scheme === "exact")!.amount));
    }
  });
  return amounts;
}

test("the picker prices this message on every model; the selected one equals the 402; sort by price", async ({ page }) => {
  const quotes = watchQuotes(page);
  await page.goto("/");
  await pickModel(page, /GPT-4o mini/i);
  await composer(page).fill("Compare three ways to cache HTTP responses, with a short table of trade-offs. Grüße 👋");
  const quoted = await composerPrice(page);
  expect(quotes.at(-1)).toBe(quoted);
  const asked = quotes.length;

  await picker(page).click();
  const list = page.getByRole("listbox", { name: "Models" });
  const estimates = list.getByTestId("model-estimate");
  // Every paid model shows this message's price: no request per model was made for it.
  await expect(estimates.filter({ hasText: "USDC" })).toHaveCount(13); // 12 paid + 1 flat on the devnet
  await expect(list.getByRole("option", { name: /Llama/ })).toContainText("free");
  await expect(list.getByRole("option").first()).toContainText("context");
  expect(quotes.length).toBe(asked);

  // The selected model's estimate is the composer's 402, to the atomic unit.
  const selected = list.locator('[role="option"][aria-selected="true"]');
  await expect(selected.getByTestId("model-estimate")).toHaveText(`${formatUsdc(quoted)} USDC`);

  // Sorted by price: cheapest first.
  const amounts = async () => (await estimates.evaluateAll((els) => els.map((e) => e.getAttribute("data-amount")))).filter((a) => a !== null).map((a) => BigInt(a!));
  const before = await amounts();
  await page.getByRole("button", { name: "Sort by price" }).click();
  await expect(page.getByRole("button", { name: "Sort by price" })).toHaveAttribute("aria-pressed", "true");
  const after = await amounts();
  expect(after).toEqual([...before].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  expect(after).not.toEqual(before);

  // Choose another model from the sorted list: its estimate is again what the gateway asks.
  const haiku = list.getByRole("option", { name: /Claude Haiku 4.5/ });
  const haikuEstimate = (await haiku.getByTestId("model-estimate").textContent())!;
  await haiku.click();
  await expect(picker(page)).toContainText(/Claude Haiku 4.5/);
  await expect(page.getByTestId("composer-price")).toContainText(haikuEstimate);
  expect(formatUsdc(quotes.at(-1)!) + " USDC").toBe(haikuEstimate);
});

test("when the carried history is most of the price: trim lowers the 402, carry all restores it, a summary starts a new chat", async ({ page, connectWallet }) => {
  test.setTimeout(120_000);
  await page.goto("/");
  await connectWallet();
  await pickModel(page, /Claude Opus 4.8/);
  // A small reply allowance, so the history (at $5 per 1M input tokens) is what the price is made of.
  await page.getByRole("button", { name: "Settings" }).click();
  await page.getByLabel("Max tokens").fill("50");
  await page.getByRole("button", { name: "Done" }).click();

  const long = Array.from({ length: 120 }, (_, i) => `Point ${i}: a message carries every earlier message of its chat.`).join(" ");
  await composer(page).fill(long);
  await composerPrice(page);
  await page.getByRole("button", { name: "Send" }).click();
  await page.getByRole("dialog", { name: "Confirm payment" }).getByRole("button", { name: "Pay and send" }).click();
  await expect(page.getByTestId("message-assistant").last().getByTestId("usage-panel")).toContainText("paid", { timeout: 30_000 });

  await composer(page).fill("And the short version?");
  const full = await composerPrice(page);
  const note = page.getByTestId("context-note");
  await expect(note).toContainText("Most of this price is the 2 earlier messages this chat carries");

  await note.getByRole("button", { name: "Trim oldest turns" }).click();
  await expect(note).toContainText("Messages carry none of this chat's 1 earlier turns.");
  await expect.poll(() => composerPrice(page)).toBeLessThan(full);
  // The picker agrees with the new, lower 402.
  const trimmed = await composerPrice(page);
  await picker(page).click();
  await expect(page.locator('[role="option"][aria-selected="true"]').getByTestId("model-estimate")).toHaveText(`${formatUsdc(trimmed)} USDC`);
  await page.keyboard.press("Escape");

  await note.getByRole("button", { name: "Carry all turns" }).click();
  await expect.poll(() => composerPrice(page)).toBe(full);

  // New chat with summary: the summary is a message like any other, priced before it is paid.
  await note.getByRole("button", { name: "New chat with summary" }).click();
  await expect(composer(page)).toHaveValue(SUMMARY_REQUEST);
  const summaryPrice = await composerPrice(page);
  await page.getByRole("button", { name: "Send" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm payment" });
  await expect(dialog.getByTestId("payment-amount")).toContainText(formatUsdc(summaryPrice));
  await dialog.getByRole("button", { name: "Pay and send" }).click();
  await expect(page.getByTestId("message-assistant")).toHaveCount(2, { timeout: 30_000 });
  await expect(page.getByTestId("message-assistant").last().getByTestId("usage-panel")).toContainText("paid", { timeout: 30_000 });
  const first = page.url();
  await page.getByTestId("context-note").getByRole("button", { name: "Start new chat with summary" }).click();
  await expect(page).not.toHaveURL(first);
  await expect(page.getByTestId("message-assistant")).toHaveCount(0);
  // The draft typed before asking for the summary waits in the new chat, which carries the summary as context.
  await expect(composer(page)).toHaveValue("And the short version?");
  await page.getByRole("button", { name: "Settings" }).click();
  await expect(page.getByLabel("System prompt")).toHaveValue(/^Summary of an earlier conversation, carried as context:\n\S/);
});
