/**
 * The shapes the real BlockRun (and other x402 servers) send where the textbook differs, driven in Chromium
 * with the test wallet really signing: a stream with a bad frame and no [DONE] still shows the whole reply and its
 * usage; a stream cut mid-reply keeps what came, marked "Cut short"; every refusal shape shows its reason and says
 * the person was not charged, and the chain agrees. The devnet's faults make each shape (devnet/gateway/faults.ts).
 */
import type { Page } from "@playwright/test";
import { test, expect } from "../fixtures/test";
import { armFault, clearFaults, setTokensPerSecond, usdcBalance } from "../fixtures/devnet";

const composer = (page: Page) => page.getByRole("textbox", { name: "Message" });

async function pickModel(page: Page, name: RegExp) {
  await page.getByRole("combobox", { name: "Model" }).click();
  await page.getByRole("option", { name }).first().click();
  await expect(page.getByRole("combobox", { name: "Model" })).toContainText(name);
}

async function payAndSend(page: Page, text: string) {
  await composer(page).fill(text);
  await page.getByRole("button", { name: "Send" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm payment" });
  await dialog.getByRole("button", { name: "Pay and send" }).click();
  await expect(dialog).toBeHidden();
}

test.afterEach(async () => {
  await clearFaults();
  await setTokensPerSecond(200);
});

test("a paid stream with a frame that is not JSON and no [DONE] shows the whole reply and its usage", async ({ page, wallet, connectWallet }) => {
  await page.goto("/");
  await connectWallet();
  await pickModel(page, /GPT-4o mini/i);
  const before = await usdcBalance(wallet.address);
  await armFault({ kind: "stream_glitch", bad_frame: true, omit_done: true });
  await payAndSend(page, "Show me a table and a code function, please.");

  const reply = page.getByTestId("message-assistant").last();
  // The bad frame came right after the first piece: the table and the code block at the end prove nothing was lost.
  await expect(reply.locator("table")).toBeVisible({ timeout: 30_000 });
  await expect(reply.getByRole("button", { name: "Copy code" })).toBeVisible();
  const panel = reply.getByTestId("usage-panel");
  await expect(panel).toContainText("paid", { timeout: 30_000 });
  await expect(panel).toContainText("tokens");
  await panel.locator("summary").click();
  await expect(panel).toContainText("Completion tokens");
  await expect(reply.getByRole("alert")).toHaveCount(0);
  await expect(page.getByTestId("send-error")).toHaveCount(0);
  expect(await usdcBalance(wallet.address)).toBeLessThan(before);
});

test("a paid stream cut mid-reply keeps the text that came, marked cut short", async ({ page, connectWallet }) => {
  await page.goto("/");
  await connectWallet();
  await pickModel(page, /GPT-4o mini/i);
  await armFault({ kind: "stream_glitch", bad_frame: false, cut_after: 6 });
  await payAndSend(page, "Tell me about lighthouses.");
  const reply = page.getByTestId("message-assistant").last();
  await expect(reply.getByRole("alert")).toContainText("Cut short", { timeout: 30_000 });
  await expect(reply).toContainText("You said:");
  await expect(reply.getByTestId("usage-panel")).toContainText("USDC");
});

const SHAPES = [
  { shape: "header_only", what: "x402 reference server: 402 {} with the reason in PAYMENT-REQUIRED" },
  { shape: "details", what: "402 {error, details}" },
  { shape: "code_debug", what: "BlockRun's 402 {error, code, message, debug}" },
  { shape: "status_400", what: "400 {error: invalid_payload}" },
  { shape: "status_401", what: "401" },
] as const;

for (const { shape, what } of SHAPES) {
  // After a signature, "not charged" waits for proof (lib/payments/status.ts): the person reads the gateway's
  // reason and that no USDC moved so far; the cost panel says the chain is being checked until the signature
  // expires unused (money-promises.spec.ts follows one to "not charged (expired unused)").
  test(`a refused payment (${what}) shows its reason and that no USDC moved; the chain agrees`, async ({ page, wallet, connectWallet }) => {
    await page.goto("/");
    await connectWallet();
    await pickModel(page, /GPT-4o mini/i);
    const before = await usdcBalance(wallet.address);
    await armFault({ kind: "refusal_shape", shape, reason: "invalid_exact_evm_signature" });
    await payAndSend(page, `Refuse me as ${shape}`);
    const error = page.getByTestId("send-error");
    await expect(error).toContainText("refused the payment", { timeout: 30_000 });
    await expect(error).toContainText("invalid_exact_evm_signature");
    await expect(error).toContainText("no USDC moved so far");
    await expect(error).not.toContainText(/access|check the model/i);
    const reply = page.getByTestId("message-assistant").last();
    await expect(reply.getByTestId("usage-status")).toHaveText("checking the chain");
    expect(wallet.signatureRequests.filter((r) => r.outcome === "signed")).toHaveLength(1);
    expect(await usdcBalance(wallet.address)).toBe(before);
  });
}
