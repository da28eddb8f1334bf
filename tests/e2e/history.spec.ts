/**
 * The spend history on the devnet, with the injected test wallet: three paid messages in two conversations, then
 * the history's rows, totals, chain verification, CSV and JSON export, import into a fresh browser; and budgets
 * that refuse a payment before anything is signed.
 */
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { test, expect } from "../fixtures/test";
import { TestWallet } from "../fixtures/test-wallet";
import { connectWallet } from "../fixtures/connect-wallet";
import { watchCspViolations } from "../fixtures/csp-watch";
import { appUrl } from "../fixtures/test-env";
import { usdcBalance } from "../fixtures/devnet";
import { formatUsdc, parseUsdc } from "../../lib/money";
import { CSV_COLUMNS, parseCsv } from "../../lib/history/export";

/** Sends one paid message in the open chat and returns the amount its cost panel shows ("0.001012"). */
async function sendPaid(page: Page, text: string): Promise<string> {
  const replies = page.getByTestId("message-assistant");
  const before = await replies.count();
  await page.getByRole("textbox", { name: "Message" }).fill(text);
  await page.getByRole("button", { name: "Send" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm payment" });
  await dialog.getByRole("button", { name: "Pay and send" }).click();
  await expect(dialog).toBeHidden();
  await expect(replies).toHaveCount(before + 1);
  const panel = replies.nth(before).getByTestId("usage-panel");
  await expect(panel).toBeVisible({ timeout: 30_000 });
  await expect(panel).toContainText("paid", { timeout: 30_000 });
  const amount = (await panel.getByTestId("usage-amount").textContent())!.trim();
  expect(amount).toMatch(/^\d+\.\d{6} USDC$/);
  return amount.replace(/ USDC$/, "");
}

async function download(page: Page, button: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: button }).click()]);
  return file.path();
}

const rowAmounts = async (page: Page) => (await page.getByTestId("row-amount").allTextContents()).map((s) => s.trim()).sort();
const rowHashes = async (page: Page) =>
  (await page.getByTestId("history-row").getByTestId("row-tx").locator("[data-hash]").evaluateAll((els) => els.map((e) => e.getAttribute("data-hash")!))).sort();
const sum = (amounts: string[]) => amounts.reduce((t, a) => t + parseUsdc(a), 0n);

test("three paid messages in two conversations: rows, totals, verification, CSV, JSON into a fresh browser", async ({ page, wallet, connectWallet: connect, browser }) => {
  test.setTimeout(180_000);
  await page.goto("/");
  await connect();
  const balanceBefore = await usdcBalance(wallet.address);

  const amounts = [await sendPaid(page, "Say hello in three words."), await sendPaid(page, "And now in French.")];
  await page.getByRole("button", { name: /New chat/ }).click();
  await expect(page.getByTestId("message-assistant")).toHaveCount(0);
  amounts.push(await sendPaid(page, "Name a prime number."));
  const spent = balanceBefore - (await usdcBalance(wallet.address));
  const total = sum(amounts);

  await page.getByRole("banner").getByRole("link", { name: "Spend history" }).click();
  await expect(page).toHaveURL(/\/history$/);
  const rows = page.getByTestId("history-row");
  await expect(rows).toHaveCount(3);
  expect(await rowAmounts(page)).toEqual([...amounts].sort());
  await expect(rows.getByTestId("row-status")).toHaveText(["paid", "paid", "paid"]);
  // Two conversations, each a link to /c/<id>.
  const links = await rows.getByTestId("row-conversation").evaluateAll((els) => els.map((e) => e.getAttribute("href")));
  expect(new Set(links).size).toBe(2);
  for (const href of links) expect(href).toMatch(/^\/c\/[\w-]+$/);
  // Totals equal the sum of the cost panels.
  await expect(page.getByTestId("total-all")).toHaveText(formatUsdc(total));
  await expect(page.getByTestId("total-today")).toHaveText(formatUsdc(total));
  await expect(page.getByTestId("total-7d")).toHaveText(formatUsdc(total));
  await expect(page.getByTestId("total-30d")).toHaveText(formatUsdc(total));
  const hashes = await rowHashes(page);
  expect(hashes).toHaveLength(3);

  // The chain agrees, and with the test account's balance change.
  await page.getByRole("button", { name: "Verify on chain" }).click();
  await expect(page.getByTestId("history-summary")).toHaveText(
    `3 of 3 payments verified on chain; ${formatUsdc(total)} USDC recorded, ${formatUsdc(spent)} USDC on chain`,
  );
  expect(spent).toBe(total);
  await expect(rows.getByTestId("row-verification")).toHaveText(["verified", "verified", "verified"]);

  // CSV: the same three rows, exact amounts, hashes, nonces, tokens.
  const csv = parseCsv(readFileSync(await download(page, "Export CSV"), "utf8"));
  expect(csv[0]).toEqual([...CSV_COLUMNS]);
  expect(csv).toHaveLength(4);
  const col = (name: (typeof CSV_COLUMNS)[number]) => csv.slice(1).map((r) => r[CSV_COLUMNS.indexOf(name)]);
  expect(col("amountUsdc").sort()).toEqual([...amounts].sort());
  expect(col("amount").map((a) => formatUsdc(BigInt(a))).sort()).toEqual([...amounts].sort());
  expect(col("txHash").sort()).toEqual(hashes);
  expect(col("status")).toEqual(["settled", "settled", "settled"]);
  for (const nonce of col("nonce")) expect(nonce).toMatch(/^0x[0-9a-f]{64}$/i);
  for (const tokens of col("totalTokens")) expect(Number(tokens)).toBeGreaterThan(0);
  expect(new Set(col("payer"))).toEqual(new Set([wallet.address]));

  // JSON: imported into a fresh browser context, the same history; a second import adds nothing.
  const json = await download(page, "Export JSON");
  const context = await browser.newContext({ baseURL: appUrl() });
  try {
    const violations = await watchCspViolations(context);
    const fresh = await context.newPage();
    const wallet2 = new TestWallet();
    await wallet2.install(fresh);
    await fresh.goto("/history");
    await connectWallet(fresh);
    await expect(fresh.getByTestId("history-count")).toContainText("0 payments shown");
    // A file that is not an export is refused whole, with the reason.
    await fresh.getByLabel("Import JSON").setInputFiles({ name: "notes.json", mimeType: "application/json", buffer: Buffer.from('{"hello":1}') });
    await expect(fresh.getByTestId("import-status")).toContainText('Not imported: format is not "blockrun-chat/payments"');
    await expect(fresh.getByTestId("history-count")).toContainText("0 payments shown");
    // A bad row is named (number and why) and skipped; the other rows are imported.
    const broken = JSON.parse(readFileSync(json, "utf8"));
    broken.payments[1].amount = "0.001";
    await fresh.getByLabel("Import JSON").setInputFiles({ name: "broken.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(broken)) });
    await expect(fresh.getByTestId("import-status")).toContainText(
      "Imported 2 payments from broken.json. Row 2 not imported: amount must be a whole number of USDC atomic units",
    );
    await expect(fresh.getByTestId("history-count")).toContainText("2 payments shown");
    // The good file then adds the one that was missing.
    await fresh.getByLabel("Import JSON").setInputFiles(json);
    await expect(fresh.getByTestId("import-status")).toContainText("Imported 1 payment");
    await expect(fresh.getByTestId("import-status")).toContainText("2 already here, skipped");
    await expect(fresh.getByTestId("history-row")).toHaveCount(3);
    expect(await rowAmounts(fresh)).toEqual([...amounts].sort());
    expect(await rowHashes(fresh)).toEqual(hashes);
    await expect(fresh.getByTestId("total-all")).toHaveText(formatUsdc(total));
    await fresh.getByLabel("Import JSON").setInputFiles(json);
    await expect(fresh.getByTestId("import-status")).toContainText("Imported 0 payments");
    await expect(fresh.getByTestId("import-status")).toContainText("3 already here, skipped");
    await expect(fresh.getByTestId("history-row")).toHaveCount(3);
    await fresh.getByRole("button", { name: "Verify on chain" }).click();
    await expect(fresh.getByTestId("history-summary")).toHaveText(
      `3 of 3 payments verified on chain; ${formatUsdc(total)} USDC recorded, ${formatUsdc(total)} USDC on chain`,
    );
    expect(wallet2.signatureRequests).toEqual([]);
    expect(violations).toEqual([]);
  } finally {
    await context.close();
  }
});

test("a daily limit below the next price refuses it before any signature, and says by how much", async ({ page, wallet, connectWallet: connect }) => {
  await page.goto("/history");
  await connect();
  await page.getByLabel("Daily limit (USDC)").fill("0.000001");
  await page.getByRole("button", { name: "Save budgets" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();

  await page.getByRole("banner").getByRole("link", { name: "BlockRun Chat" }).click();
  await page.getByRole("textbox", { name: "Message" }).fill("This one is over my budget.");
  await page.getByRole("button", { name: "Send" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "daily limit" });
  await expect(alert).toBeVisible();
  const text = (await alert.textContent())!;
  const m = /costs (\d+\.\d{6}) USDC.*daily limit of 0\.000001 USDC by (\d+\.\d{6}) USDC/.exec(text);
  expect(m, text).not.toBeNull();
  expect(parseUsdc(m![2])).toBe(parseUsdc(m![1]) - 1n);
  await expect(page.getByRole("dialog", { name: "Confirm payment" })).toHaveCount(0);
  expect(wallet.signatureRequests).toEqual([]);

  // Nothing was recorded as paid.
  await page.getByRole("banner").getByRole("link", { name: "Spend history" }).click();
  await expect(page.getByTestId("history-count")).toContainText("0 payments shown");
  expect(wallet.signatureRequests).toEqual([]);
});
