/**
 * Settings the person holds. Spending limits are stored as atomic-unit strings and handed out as bigints.
 * Every control changes them through `updateSpendSettings(patch)`: a merge inside one read-write transaction, so
 * two controls (or two tabs) saving different fields never erase each other's values.
 */
import { db as appDb, type ChatDatabase } from "./schema";
import { parseAtomic } from "../money";
import { DEFAULT_PER_MESSAGE_CAP } from "../x402/default-cap";

export interface SpendSettings {
  /** The most one message may cost. */
  perMessageCap: bigint;
  /** Below this amount the payment dialog is skipped (never the wallet). Undefined = always ask. */
  autoApproveUnder?: bigint;
  dailyLimit?: bigint;
  conversationLimit?: bigint;
}

/** A change: a field absent is kept, `null` clears it (the per-message cap falls back to its default). */
export type SpendSettingsPatch = { [K in keyof SpendSettings]?: bigint | null };

export const DEFAULT_SPEND_SETTINGS: SpendSettings = { perMessageCap: DEFAULT_PER_MESSAGE_CAP };
const KEY = "spend";

type StoredSpend = { [K in keyof SpendSettings]?: string };

export function spendSettingsFrom(value: unknown): SpendSettings {
  const v = (value ?? {}) as StoredSpend;
  const opt = (s?: string) => (s === undefined || s === null || s === "" ? undefined : parseAtomic(s));
  return {
    perMessageCap: opt(v.perMessageCap) ?? DEFAULT_SPEND_SETTINGS.perMessageCap,
    autoApproveUnder: opt(v.autoApproveUnder),
    dailyLimit: opt(v.dailyLimit),
    conversationLimit: opt(v.conversationLimit),
  };
}

export async function getSpendSettings(d: ChatDatabase = appDb()): Promise<SpendSettings> {
  return spendSettingsFrom((await d.settings.get(KEY))?.value);
}

/**
 * Merges `patch` into what is stored now, in one transaction; returns the result. A function patch is computed
 * from the current value inside the transaction (for "raise the daily limit by X").
 */
export async function updateSpendSettings(
  change: SpendSettingsPatch | ((current: SpendSettings) => SpendSettingsPatch),
  d: ChatDatabase = appDb(),
): Promise<SpendSettings> {
  return d.transaction("rw", d.settings, async () => {
    const stored = { ...((await d.settings.get(KEY))?.value as StoredSpend | undefined) };
    const patch = typeof change === "function" ? change(spendSettingsFrom(stored)) : change;
    for (const [k, v] of Object.entries(patch) as [keyof SpendSettings, bigint | null | undefined][]) {
      if (v === undefined) continue;
      if (v === null) delete stored[k];
      else stored[k] = v.toString();
    }
    await d.settings.put({ key: KEY, value: stored });
    return spendSettingsFrom(stored);
  });
}

export async function getSetting<T>(key: string, d: ChatDatabase = appDb()): Promise<T | undefined> {
  return (await d.settings.get(key))?.value as T | undefined;
}

export async function putSetting(key: string, value: unknown, d: ChatDatabase = appDb()) {
  await d.settings.put({ key, value });
}
