/**
 * Attached text files. A file's text goes into the message itself (a fenced block under its name), so it is in
 * the request body the gateway prices: the live quote before Send includes it like any typed text.
 */
import type { DraftAttachment } from "../db/types";

export const MAX_ATTACHMENT_BYTES = 200_000;
export const MAX_ATTACHMENTS = 5;

/** What the file picker offers: text types and the usual source, data and config extensions. */
export const ATTACH_ACCEPT = [
  "text/*", "application/json", "application/xml", "application/x-yaml",
  ...["txt", "md", "markdown", "csv", "tsv", "json", "jsonl", "yaml", "yml", "toml", "xml", "html", "css", "scss",
    "js", "jsx", "mjs", "ts", "tsx", "py", "rb", "go", "rs", "java", "kt", "swift", "c", "h", "cpp", "hpp", "cs",
    "php", "sh", "sql", "log", "ini", "cfg", "conf", "env", "sol", "tex", "srt", "vtt"].map((e) => `.${e}`),
].join(",");

export type ReadResult = { ok: true; file: DraftAttachment } | { ok: false; message: string };

function kb(n: number) {
  return `${Math.round(n / 1000)} kB`;
}

/** Reads a file as UTF-8 text, refusing what is too big or is not text (a NUL byte or invalid UTF-8). */
export async function readTextFile(file: Pick<File, "name" | "size" | "arrayBuffer">): Promise<ReadResult> {
  if (file.size > MAX_ATTACHMENT_BYTES) {
    return { ok: false, message: `“${file.name}” is ${kb(file.size)}; attached files can be at most ${kb(MAX_ATTACHMENT_BYTES)}. Nothing was attached.` };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text: string;
  try {
    if (bytes.includes(0)) throw new Error("NUL");
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, message: `“${file.name}” is not a text file (only UTF-8 text can be attached). Nothing was attached.` };
  }
  return { ok: true, file: { name: file.name, text: text.replace(/^\uFEFF/, "") } };
}

/** A fence longer than any run of backticks in the text, so the file cannot close it early. */
function fenceFor(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  return "`".repeat(Math.max(3, longest + 1));
}

/** The message as sent: the typed text, then each file as a fenced block under its name. */
export function composeMessage(text: string, files: readonly DraftAttachment[]): string {
  if (!files.length) return text;
  const blocks = files.map((f) => {
    const fence = fenceFor(f.text);
    const lang = /\.([\w-]+)$/.exec(f.name)?.[1]?.toLowerCase() ?? "";
    return `File: ${f.name}\n${fence}${lang}\n${f.text.replace(/\n$/, "")}\n${fence}`;
  });
  return [text.trim(), ...blocks].filter(Boolean).join("\n\n");
}

export type MessagePart = { kind: "text"; text: string } | { kind: "file"; name: string; text: string };

/** The reverse of composeMessage, for display: typed text and attached files (shown folded under their names). */
export function splitAttachments(content: string): MessagePart[] {
  const parts: MessagePart[] = [];
  const re = /(?:^|\n\n)File: ([^\n]+)\n(`{3,})[\w-]*\n([\s\S]*?)\n\2(?=\n|$)/g;
  let last = 0;
  for (let m = re.exec(content); m; m = re.exec(content)) {
    const before = content.slice(last, m.index).trim();
    if (before) parts.push({ kind: "text", text: before });
    parts.push({ kind: "file", name: m[1], text: m[3] });
    last = m.index + m[0].length;
  }
  const rest = content.slice(last).trim();
  if (rest || !parts.length) parts.push({ kind: "text", text: parts.length ? rest : content });
  return parts;
}
