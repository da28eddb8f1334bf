/**
 * The product's main job, driven as a person would in Chromium on the devnet, with the injected test wallet
 * really signing: price before signature, pay, streamed reply, cost panel, and the chain agreeing. Plus every way
 * a payment must NOT happen (cancel, wallet refusal, hostile 402), reload mid-stream, a free model, and HTML in
 * a reply staying inert.
 */
import type { Page, Response } from "@playwright/test";
import { decodePaymentRequiredHeader } from "@x402/core/http";
import { test, expect } from "../fixtures/test";
import { armFault, clearFaults, setTokensPerSecond, usdcBalance } from "../fixtures/devnet";
import { formatUsdc } from "../../lib/money";

const composer = (page: Page) => page.getByRole("textbox", { name: "Message" });

async function pickModel(page: Page, name: RegExp) {
  await page.getByRole("combobox", { name: "Model" }).click();
  await page.getByRole("option", { name }).first().click();
  await expect(page.getByRole("combobox", { name: "Model" })).toContainText(name);
}

/** The amount of the latest 402 the app received for a chat completion, decoded from its PAYMENT-REQUIRED header. */
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

test.afterEach(async () => {
  await clearFaults();
  await setTokensPerSecond(200);
});

test("pay for a message: the dialog shows the gateway's quote, the reply streams, the cost panel and the chain agree", async ({ page, wallet, connectWallet }) => {
  const quotes = watchQuotes(page);
  await page.goto("/");
  await connectWallet();
  await pickModel(page, /GPT-4o mini/i);
  const before = await usdcBalance(wallet.address);

  await composer(page).fill("Write a short TypeScript function that adds two numbers, with a table of inputs.");
  await expect(page.getByTestId("composer-price")).toContainText("USDC");
  await page.getByRole("button", { name: "Send" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm payment" });
  await expect(dialog).toBeVisible();
  const quoted = quotes.at(-1)!;
  await expect(dialog.getByTestId("payment-amount")).toContainText(formatUsdc(quoted));
  await expect(dialog).toContainText("openai/gpt-4o-mini");
  expect(wallet.signatureRequests).toHaveLength(0); // the price is shown before anything is signed

  await dialog.getByRole("button", { name: "Pay and send" }).click();
  await expect(dialog).toBeHidden();
  const reply = page.getByTestId("message-assistant").last();
  await expect(page.getByTestId("message-user").last()).toContainText("adds two numbers");
  // Real Markdown: a table and highlighted code with a copy button.
  await expect(reply.locator("table")).toBeVisible({ timeout: 30_000 });
  await expect(reply.getByRole("button", { name: "Copy code" })).toBeVisible();
  const panel = reply.getByTestId("usage-panel");
  await expect(panel).toContainText(`${formatUsdc(quoted)} USDC`, { timeout: 30_000 });
  await expect(panel).toContainText("paid");
  await expect(panel).toContainText("tokens");
  await panel.locator("summary").click();
  await expect(panel).toContainText("Prompt tokens");
  await expect(panel.getByTestId("usage-tx")).toHaveText(/^0x[0-9a-f]{64}$/);
  expect(wallet.signatureRequests.filter((r) => r.outcome === "signed")).toHaveLength(1);
  expect(await usdcBalance(wallet.address)).toBe(before - quoted);
  await expect(page.getByTestId("conversation-total")).toContainText(formatUsdc(quoted));
});

test("Cancel: nothing signed, the draft stays", async ({ page, wallet, connectWallet }) => {
  await page.goto("/");
  await connectWallet();
  await pickModel(page, /GPT-4o mini/i);
  await composer(page).fill("A message I will not pay for");
  await page.getByRole("button", { name: "Send" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm payment" });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(composer(page)).toHaveValue("A message I will not pay for");
  await expect(page.getByTestId("message-user")).toHaveCount(0);
  expect(wallet.signatureRequests).toHaveLength(0);
});

test("the wallet refuses: the draft stays and nothing is recorded as paid", async ({ page, wallet, connectWallet }) => {
  await page.goto("/");
  await connectWallet();
  await pickModel(page, /GPT-4o mini/i);
  const before = await usdcBalance(wallet.address);
  wallet.rejectNext();
  await composer(page).fill("Refuse me");
  await page.getByRole("button", { name: "Send" }).click();
  await page.getByRole("dialog", { name: "Confirm payment" }).getByRole("button", { name: "Pay and send" }).click();
  await expect(page.getByTestId("send-error")).toContainText("You declined in the wallet");
  await expect(composer(page)).toHaveValue("Refuse me");
  await expect(page.getByTestId("message-user")).toHaveCount(0);
  expect(await usdcBalance(wallet.address)).toBe(before);
  await page.goto("/history");
  await expect(page.getByTestId("history-row")).toHaveCount(0);
});

for (const fault of [
  { kind: "hostile_pay_to" as const, says: /recipient|pay/i },
  { kind: "hostile_asset" as const, says: /token|asset|USDC/i },
  { kind: "hostile_amount" as const, says: /limit|cap|most/i },
]) {
  test(`a hostile 402 (${fault.kind}) is refused with no signature request`, async ({ page, wallet, connectWallet }) => {
    await page.goto("/");
    await connectWallet();
    await pickModel(page, /GPT-4o mini/i);
    await armFault({ kind: fault.kind, times: 20 });
    await composer(page).fill(`Hostile ${fault.kind}`);
    await page.getByRole("button", { name: "Send" }).click();
    await expect(page.getByTestId("send-error")).toContainText(fault.says);
    await expect(page.getByTestId("send-error")).toContainText("Nothing was signed");
    await expect(page.getByRole("dialog", { name: "Confirm payment" })).toBeHidden();
    expect(wallet.signatureRequests).toHaveLength(0);
    await expect(composer(page)).toHaveValue(`Hostile ${fault.kind}`);
  });
}

test("a reload during a stream keeps the conversation", async ({ page, connectWallet }) => {
  await page.goto("/");
  await connectWallet();
  await pickModel(page, /GPT-4o mini/i);
  await setTokensPerSecond(8);
  await composer(page).fill("Tell me a long story about a lighthouse keeper.");
  await page.getByRole("button", { name: "Send" }).click();
  await page.getByRole("dialog", { name: "Confirm payment" }).getByRole("button", { name: "Pay and send" }).click();
  await expect(page.getByRole("button", { name: "Stop" })).toBeVisible();
  await expect(page).toHaveURL(/\/c\/[\w-]+$/);
  // Some text arrives (on a loaded machine the first token can take longer than any fixed wait), then the
  // 250 ms write-down has run.
  await expect(page.getByTestId("message-assistant")).toContainText("You said:", { timeout: 20_000 });
  await page.waitForTimeout(600);
  await page.reload();
  await expect(page.getByTestId("message-user")).toContainText("lighthouse keeper");
  // What had arrived before the reload is still there, marked as cut short; the payment stays on the reply.
  const reply = page.getByTestId("message-assistant");
  await expect(reply).toContainText("You said:", { timeout: 15_000 });
  await expect(reply).toContainText("The page closed while this reply was arriving");
  await expect(reply.getByTestId("usage-panel")).toContainText("USDC");
});

test("Stop ends a streaming reply and keeps what arrived", async ({ page, connectWallet }) => {
  await page.goto("/");
  await connectWallet();
  await pickModel(page, /GPT-4o mini/i);
  await setTokensPerSecond(8);
  await composer(page).fill("Tell me about the sea.");
  await page.getByRole("button", { name: "Send" }).click();
  await page.getByRole("dialog", { name: "Confirm payment" }).getByRole("button", { name: "Pay and send" }).click();
  await expect(page.getByTestId("message-assistant")).toContainText("sea", { timeout: 15_000 });
  await page.getByRole("button", { name: "Stop" }).click();
  await expect(page.getByTestId("message-assistant")).toContainText("Stopped.");
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
});

test("a free model answers with no payment dialog", async ({ page, wallet, connectWallet }) => {
  await page.goto("/");
  await connectWallet();
  await pickModel(page, /llama/i);
  await composer(page).fill("Hello free model");
  await expect(page.getByTestId("composer-price")).toContainText("Free model");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("message-assistant")).toContainText("Hello free model", { timeout: 15_000 });
  await expect(page.getByRole("dialog", { name: "Confirm payment" })).toHaveCount(0);
  expect(wallet.signatureRequests).toHaveLength(0);
});

test("a reply containing <script> and <img onerror> stays inert", async ({ page, connectWallet }) => {
  const dialogs: string[] = [];
  page.on("dialog", (d) => { dialogs.push(d.message()); void d.dismiss(); });
  await page.goto("/");
  await connectWallet();
  await pickModel(page, /llama/i);
  const hostile = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2; alert(1)"> [x](javascript:alert(3))`;
  await composer(page).fill(hostile);
  await page.getByRole("button", { name: "Send" }).click();
  const reply = page.getByTestId("message-assistant").last();
  await expect(reply).toContainText("<script>", { timeout: 15_000 });
  await expect(reply).toContainText("onerror");
  await expect(reply.locator("script, img")).toHaveCount(0);
  await expect(reply.locator('a[href^="javascript"]')).toHaveCount(0);
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
});
