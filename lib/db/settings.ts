/** Spending limits the user holds. Stored as atomic-unit strings, handed out as bigints. */
import { db as appDb, type ChatDatabase } from "./schema";
import { parseAtomic } from "../money";

export interface SpendSettings {
  /** The most one message may cost. */
  perMessageCap: bigint;
  /** Below this amount the payment dialog is skipped (never the wallet). Undefined = always ask. */
  autoApproveUnder?: bigint;
  dailyLimit?: bigint;
  conversationLimit?: bigint;
}

export const DEFAULT_SPEND_SETTINGS: SpendSettings = { perMessageCap: 500_000n };
const KEY = "spend";

type StoredSpend = { [K in keyof SpendSettings]?: string };

export async function getSpendSettings(d: ChatDatabase = appDb()): Promise<SpendSettings> {
  const row = await d.settings.get(KEY);
  const v = (row?.value ?? {}) as StoredSpend;
  const opt = (s?: string) => (s === undefined || s === "" ? undefined : parseAtomic(s));
  return {
    perMessageCap: opt(v.perMessageCap) ?? DEFAULT_SPEND_SETTINGS.perMessageCap,
    autoApproveUnder: opt(v.autoApproveUnder),
    dailyLimit: opt(v.dailyLimit),
    conversationLimit: opt(v.conversationLimit),
  };
}

export async function saveSpendSettings(s: SpendSettings, d: ChatDatabase = appDb()) {
  const value: StoredSpend = {
    perMessageCap: s.perMessageCap.toString(),
    autoApproveUnder: s.autoApproveUnder?.toString(),
    dailyLimit: s.dailyLimit?.toString(),
    conversationLimit: s.conversationLimit?.toString(),
  };
  await d.settings.put({ key: KEY, value });
}

export async function getSetting<T>(key: string, d: ChatDatabase = appDb()): Promise<T | undefined> {
  return (await d.settings.get(key))?.value as T | undefined;
}

export async function putSetting(key: string, value: unknown, d: ChatDatabase = appDb()) {
  await d.settings.put({ key, value });
}
