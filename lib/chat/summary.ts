/**
 * "New chat with summary": the summary is asked for as an ordinary message (so it goes through the normal send
 * flow: priced by the 402, approved, signed), and once its reply is complete a new conversation starts with that
 * reply in its system prompt, carrying nothing else. Pure helpers; the screen wires them.
 */
import type { ChatSettings, StoredMessage } from "../db/types";

export const SUMMARY_REQUEST =
  "Summarise our conversation so far in a few short paragraphs: the facts, decisions and open questions I would need to continue it in a new chat.";

const SUMMARY_HEADING = "Summary of an earlier conversation, carried as context:";

/** The summary, when the conversation's last exchange is a complete answer to SUMMARY_REQUEST. */
export function summaryReply(history: readonly Pick<StoredMessage, "role" | "content" | "status">[]): string | undefined {
  const n = history.length;
  if (n < 2) return undefined;
  const [ask, reply] = [history[n - 2], history[n - 1]];
  if (ask.role !== "user" || ask.content !== SUMMARY_REQUEST) return undefined;
  if (reply.role !== "assistant" || reply.status !== "complete" || !reply.content.trim()) return undefined;
  return reply.content.trim();
}

/** The new conversation's settings: the same, with the summary appended to the system prompt and all turns carried. */
export function settingsWithSummary(settings: ChatSettings, summary: string): ChatSettings {
  const rest = { ...settings };
  delete rest.carryTurns;
  const system = [settings.systemPrompt.trim(), `${SUMMARY_HEADING}\n${summary}`].filter(Boolean).join("\n\n");
  return { ...rest, systemPrompt: system };
}
