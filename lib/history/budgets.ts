/**
 * The budgets a person holds: a daily limit and a per-conversation limit (the quote guard enforces them before
 * anything is signed). Here: reading the form, and raising a limit by what a refused payment was over by.
 */
import type { SpendSettings, SpendSettingsPatch } from "../db/settings";
import { formatUsdc, parseUsdc } from "../money";

export type LimitCode = "daily_limit" | "conversation_limit";

export interface BudgetInput {
  dailyLimit: string;
  conversationLimit: string;
}

export function budgetInputOf(s: SpendSettings): BudgetInput {
  return {
    dailyLimit: s.dailyLimit === undefined ? "" : formatUsdc(s.dailyLimit),
    conversationLimit: s.conversationLimit === undefined ? "" : formatUsdc(s.conversationLimit),
  };
}

/** Empty = no limit. Throws a RangeError naming the field when an amount does not parse. */
export function parseBudgetInput(input: BudgetInput): Pick<SpendSettings, "dailyLimit" | "conversationLimit"> {
  const one = (label: string, v: string) => {
    if (!v.trim()) return undefined;
    try {
      return parseUsdc(v);
    } catch {
      throw new RangeError(`${label}: "${v.trim().slice(0, 30)}" is not a USDC amount (for example 1.50, at most 6 decimals).`);
    }
  };
  return { dailyLimit: one("Daily limit", input.dailyLimit), conversationLimit: one("Per-conversation limit", input.conversationLimit) };
}

/** The change that raises the refusing limit by exactly what the payment was over by. */
export function raiseLimitPatch(s: SpendSettings, code: LimitCode, over: bigint): SpendSettingsPatch {
  if (over <= 0n) return {};
  if (code === "daily_limit") return { dailyLimit: (s.dailyLimit ?? 0n) + over };
  return { conversationLimit: (s.conversationLimit ?? 0n) + over };
}

/** The settings with the refusing limit raised by exactly what the payment was over by. */
export function raiseLimit(s: SpendSettings, code: LimitCode, over: bigint): SpendSettings {
  if (over <= 0n) return s;
  return { ...s, ...(raiseLimitPatch(s, code, over) as Partial<SpendSettings>) };
}

export function limitLabel(code: LimitCode): string {
  return code === "daily_limit" ? "daily limit" : "per-conversation limit";
}

/** "Raise daily limit to 0.050000 USDC" */
export function raiseLabel(s: SpendSettings, code: LimitCode, over: bigint): string {
  const next = raiseLimit(s, code, over);
  const v = code === "daily_limit" ? next.dailyLimit : next.conversationLimit;
  return `Raise ${limitLabel(code)} to ${formatUsdc(v ?? 0n)} USDC`;
}
