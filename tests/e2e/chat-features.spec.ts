/**
 * The chat features people expect, driven as a person would on the devnet with the test wallet really signing:
 * regenerate (a second priced, paid reply; both kept behind a version switcher), edit and resend (both branches
 * kept; the request carries the new branch only), delete (the payment stays in the history), search, export as
 * Markdown, attached text files (priced, sent, kept in the draft), and the keyboard shortcuts.
 */
import { readFile } from "node:fs/promises";
import type { Page, Request } from "@playwright/test";
import { test, expect } from "../fixtures/test";

// Each test pays several messages for real (signature, settlement on chain); the default minute is too tight.
test.describe.configure({ timeout: 180_000 });

const composer = (page: Page) => page.getByRole("textbox", { name: "Message" });
const dialog = (page: Page) => page.getByRole("dialog", { name: "Confirm payment" });

async function pickModel(page: Page, name: RegExp) {
  await page.getByRole("combobox", { name: "Model" }).click();
  await page.getByRole("option", { name }).first().click();
  await expect(page.getByRole("combobox", { name: "Model" })).toContainText(name);
}

/** The paid completions requests (those carrying a payment signature), with the messages each carried. */
function watchPaidRequests(page: Page) {
  const carried: { role: string; content: string }[][] = [];
  page.on("request", (r: Request) => {
    if (r.method() === "POST" && r.url().includes("/v1/chat/completions") && r.headers()["payment-signature"]) {
      carried.push((r.postDataJSON() as { messages: { role: string; content: string }[] }).messages);
    }
  });
  return carried;
}

/** Pays in the dialog, after checking it shows a price and that nothing was signed before it. */
async function payInDialog(page: Page, signedBefore: () => number) {
  const before = signedBefore();
  await expect(dialog(page)).toBeVisible();
  await expect(dialog(page).getByTestId("payment-amount")).toContainText("USDC");
  expect(signedBefore()).toBe(before); // priced and shown, not yet signed
  await dialog(page).getByRole("button", { name: "Pay and send" }).click();
  await expect(dialog(page)).toBeHidden();
}

/** Sends and pays a message from the composer; returns once its own reply is paid and the send is over. */
async function sendPaid(page: Page, text: string, signed: () => number) {
  const replies = page.getByTestId("message-assistant");
  const before = await replies.count();
  await composer(page).fill(text);
  await expect(page.getByTestId("composer-price")).toContainText("USDC");
  await page.getByRole("button", { name: "Send" }).click();
  await payInDialog(page, signed);
  await expect(replies).toHaveCount(before + 1);
  await expect(replies.last().getByTestId("usage-status")).toHaveText("paid", { timeout: 45_000 });
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
}

test("regenerate: a second priced and paid reply, both kept behind a switcher; delete keeps the payments in the history", async ({ page, wallet, connectWallet }) => {
  const signed = () => wallet.signatureRequests.filter((r) => r.outcome === "signed").length;
  await page.goto("/");
  await connectWallet();
  await pickModel(page, /GPT-4o mini/i);
  await sendPaid(page, "Name a colour for regenerate", signed);
  const reply = page.getByTestId("message-assistant");
  await expect(reply).toHaveCount(1);
  await expect(page.getByTestId("version-position")).toHaveCount(0);

  await reply.getByRole("button", { name: "Regenerate reply" }).click();
  await payInDialog(page, signed);
  // The new reply is shown (its actions appear once it has arrived), paid, the old one a click away.
  await expect(reply.getByTestId("version-position")).toHaveText("2 / 2", { timeout: 45_000 });
  await expect(reply.getByTestId("usage-status")).toHaveText("paid", { timeout: 45_000 });
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
  expect(signed()).toBe(2);
  await expect(page.getByTestId("message-user")).toHaveCount(1);
  await expect(reply).toHaveCount(1);
  await reply.getByRole("button", { name: "Previous reply version" }).click();
  await expect(reply.getByTestId("version-position")).toHaveText("1 / 2");
  await expect(reply.getByRole("button", { name: "Previous reply version" })).toBeDisabled();
  await reply.getByRole("button", { name: "Next reply version" }).click();
  await expect(reply.getByTestId("version-position")).toHaveText("2 / 2");
  await page.reload();
  await expect(page.getByTestId("message-assistant").getByTestId("version-position")).toHaveText("2 / 2");
  // For people to look at: the switcher and the actions, desktop light and a 390 px phone in dark.
  await page.screenshot({ path: test.info().outputPath("versions-desktop-light.png") });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(reply.getByRole("button", { name: "Regenerate reply" })).toBeInViewport();
  await page.screenshot({ path: test.info().outputPath("versions-phone-dark.png") });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ colorScheme: "light" });

  // Copy the reply (clipboard granted as a person would allow it).
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await reply.getByRole("button", { name: "Copy reply" }).click();
  await expect(reply.getByRole("status")).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain("Name a colour for regenerate");

  // Delete the shown reply: the other version shows; its payment stays in the history.
  await reply.getByRole("button", { name: "Delete reply" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete this reply?" });
  await expect(confirm).toContainText("Any payment stays in the spend history");
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(confirm).toBeHidden();
  await expect(reply).toHaveCount(1);
  await expect(reply.getByTestId("version-position")).toHaveCount(0);

  // Delete the person's message: its reply goes with it, after saying so.
  await page.getByTestId("message-user").getByRole("button", { name: "Delete message" }).click();
  const confirmUser = page.getByRole("dialog", { name: "Delete this message?" });
  await expect(confirmUser).toContainText("The 1 message after it");
  await confirmUser.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByTestId("message-user")).toHaveCount(0);
  await expect(page.getByTestId("message-assistant")).toHaveCount(0);

  await page.goto("/history");
  const rows = page.getByTestId("history-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.getByTestId("row-conversation").first()).toContainText("Name a colour for regenerate");
});

test("edit and resend: a new version priced and paid, both branches kept, the request carries the new branch; search and export", async ({ page, wallet, connectWallet }) => {
  const signed = () => wallet.signatureRequests.filter((r) => r.outcome === "signed").length;
  const carried = watchPaidRequests(page);
  await page.goto("/");
  await connectWallet();
  await pickModel(page, /GPT-4o mini/i);
  await sendPaid(page, "alpha question about tides", signed);
  await sendPaid(page, "bravo follow-up", signed);
  await composer(page).fill("a draft that must survive the edit");

  const second = page.getByTestId("message-user").nth(1);
  await second.getByRole("button", { name: "Edit message" }).click();
  const editor = page.getByRole("textbox", { name: "Edit message" });
  await expect(editor).toBeFocused();
  await editor.fill("charlie follow-up instead");
  await expect(page.getByTestId("editor-price")).toContainText("USDC");
  await page.getByRole("button", { name: "Save and send" }).click();
  await payInDialog(page, signed);
  await expect(page.getByTestId("message-assistant").last()).toContainText("charlie follow-up instead", { timeout: 45_000 });
  await expect(page.getByTestId("message-assistant").last().getByTestId("usage-status")).toHaveText("paid", { timeout: 45_000 });
  expect(signed()).toBe(3);

  // The paid request carried the first exchange and the edited message, never the branch it replaced.
  const last = carried.at(-1)!;
  expect(last.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
  expect(last[0].content).toBe("alpha question about tides");
  expect(last[2].content).toBe("charlie follow-up instead");
  expect(JSON.stringify(last)).not.toContain("bravo");
  await expect(composer(page)).toHaveValue("a draft that must survive the edit");

  // Both branches kept: the person's message has two versions, the old one with its own reply.
  const edited = page.getByTestId("message-user").nth(1);
  await expect(edited.getByTestId("version-position")).toHaveText("2 / 2");
  await edited.getByRole("button", { name: "Previous message version" }).click();
  await expect(page.getByTestId("message-user").nth(1)).toContainText("bravo follow-up");
  await expect(page.getByTestId("message-assistant").last()).toContainText("bravo follow-up");
  await page.getByTestId("message-user").nth(1).getByRole("button", { name: "Next message version" }).click();
  await expect(page.getByTestId("message-user").nth(1)).toContainText("charlie follow-up instead");

  // Search by message text (only in a message, not the title) and by title.
  const nav = page.getByRole("navigation", { name: "Conversations" });
  const search = nav.getByRole("searchbox", { name: "Search conversations" });
  await search.fill("bravo");
  await expect(nav.getByTestId("search-count")).toHaveText("1 conversation found");
  await expect(nav.getByRole("link", { name: /alpha question about tides/ })).toContainText("bravo follow-up");
  await search.fill("no such words anywhere");
  await expect(nav.getByTestId("search-count")).toContainText("No conversation mentions");
  await expect(nav.getByRole("link")).toHaveCount(0);
  await search.fill("ALPHA question");
  await expect(nav.getByRole("link", { name: /alpha question about tides/ })).toBeVisible();
  await search.press("Escape");
  await expect(search).toHaveValue("");

  // Export the thread shown as Markdown.
  const row = nav.getByRole("listitem").filter({ hasText: "alpha question about tides" });
  await row.hover();
  const downloading = page.waitForEvent("download");
  await row.getByRole("button", { name: /Export .* as Markdown/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^alpha-question-about-tides\.md$/);
  const md = await readFile((await download.path())!, "utf8");
  expect(md).toMatch(/^# alpha question about tides\n/);
  expect(md).toContain("## You\n\ncharlie follow-up instead");
  expect(md).not.toContain("bravo");
  expect(md.match(/## openai\/gpt-4o-mini · [\d.]+ USDC \((paid|signed, sending|checking the chain)\)/g)).toHaveLength(2);
});

test("attach a text file: its text is priced and sent, the chip survives a reload; too big or binary files are refused", async ({ page, wallet, connectWallet }) => {
  const signed = () => wallet.signatureRequests.filter((r) => r.outcome === "signed").length;
  const carried = watchPaidRequests(page);
  await page.goto("/");
  await connectWallet();
  await pickModel(page, /GPT-4o mini/i);
  await composer(page).fill("Summarise the attached notes");
  const price = page.getByTestId("composer-price");
  await expect(price).toContainText("USDC");
  // 0 while the new price is being fetched ("Getting the price…").
  const priceOf = async () => Number(/([\d.]+) USDC/.exec((await price.textContent()) ?? "")?.[1] ?? 0);
  const typedOnly = await priceOf();

  // The devnet's reply quotes the message back, so the file is kept short enough to stream quickly.
  const notes = `Meeting notes\n${Array.from({ length: 40 }, (_, i) => `Point ${i + 1} was agreed.`).join("\n")}\nEND-OF-NOTES`;
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Attach text file" }).click();
  await (await chooser).setFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from(notes) });
  await expect(page.getByTestId("attachment-chip")).toContainText("notes.txt");
  await expect.poll(priceOf).toBeGreaterThan(typedOnly);

  // Refused files say why, and the attached one stays.
  const input = page.getByTestId("attach-input");
  await input.setInputFiles({ name: "big.log", mimeType: "text/plain", buffer: Buffer.alloc(210_000, "a") });
  await expect(page.getByTestId("attach-error")).toContainText("at most 200 kB");
  await input.setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]) });
  await expect(page.getByTestId("attach-error")).toContainText("not a text file");
  await expect(page.getByTestId("attachment-chip")).toHaveCount(1);

  // The draft, file included, survives a reload.
  await expect.poll(() => page.evaluate(() => localStorage.getItem("draft:new:files") ?? "")).toContain("notes.txt");
  await page.reload();
  await expect(page.getByTestId("attachment-chip")).toContainText("notes.txt");
  await expect(composer(page)).toHaveValue("Summarise the attached notes");
  await expect.poll(priceOf).toBeGreaterThan(typedOnly);

  await page.getByRole("button", { name: "Send" }).click();
  await payInDialog(page, signed);
  // Shown folded under its name in the sent message; its text one click away.
  const sentFile = page.getByTestId("message-user").getByTestId("message-file");
  await expect(sentFile).toContainText("File: notes.txt");
  await sentFile.locator("summary").click();
  await expect(sentFile.locator("pre")).toContainText("END-OF-NOTES");
  await expect(page.getByTestId("message-assistant").last().getByTestId("usage-status")).toHaveText("paid", { timeout: 45_000 });
  expect(carried.at(-1)!.at(-1)!.content).toContain("END-OF-NOTES");
  await expect(page.getByTestId("attachment-chip")).toHaveCount(0);

  // A chip can be removed before sending.
  const again = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Attach text file" }).click();
  await (await again).setFiles({ name: "other.md", mimeType: "text/markdown", buffer: Buffer.from("# other") });
  await page.getByRole("button", { name: "Remove other.md" }).click();
  await expect(page.getByTestId("attachment-chip")).toHaveCount(0);
});

test("keyboard shortcuts: new chat, focus the message box, and the list of them", async ({ page }) => {
  await page.goto("/");
  // A conversation with a free model (no wallet needed), to leave with the new-chat shortcut.
  await pickModel(page, /llama/i);
  await composer(page).fill("Hello shortcuts");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("message-assistant")).toContainText("Hello shortcuts", { timeout: 45_000 });
  await expect(page).toHaveURL(/\/c\//);

  await composer(page).fill("Shortcut draft");
  await page.getByRole("searchbox", { name: "Search conversations" }).focus();
  await page.keyboard.press("Shift+Escape");
  await expect(composer(page)).toBeFocused();
  await page.getByRole("button", { name: "Keyboard shortcuts" }).focus();
  await page.keyboard.press("/");
  await expect(composer(page)).toBeFocused();
  await expect(composer(page)).toHaveValue("Shortcut draft"); // "/" moved the cursor, it typed nothing

  await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
  const list = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(list).toContainText("New chat");
  await expect(list).toContainText("Focus the message box");
  await list.getByRole("button", { name: "Done" }).click();
  await expect(list).toBeHidden();

  await page.getByRole("button", { name: "Keyboard shortcuts" }).focus();
  await page.keyboard.press("Control+Shift+O");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("message-user")).toHaveCount(0);
  await expect(composer(page)).toBeFocused();
  // The conversation's draft stays with it: the new chat's box has the new chat's (empty) draft.
  await expect(composer(page)).toHaveValue("");
  await expect(page.getByRole("button", { name: "New chat" })).toHaveAttribute("aria-keyshortcuts", /Control\+Shift\+O/);
  await page.goBack();
  await expect(composer(page)).toHaveValue("Shortcut draft");
  await expect(page.getByTestId("message-user")).toHaveCount(1);
  await page.goForward();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("message-user")).toHaveCount(0);
  await expect(composer(page)).toHaveValue("");
});
