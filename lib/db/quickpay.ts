/**
 * Quick pay sessions and the USDC movements between a main wallet and its sessions (lib/quickpay). A session is
 * written down before the wallet is asked to fund it, so a closed tab never strands its balance; it stays after it
 * ends (the history names it), minus its key.
 */
import { db as appDb, type ChatDatabase } from "./schema";
import type { QuickPayState, StoredMovement, StoredQuickPaySession } from "./types";
import { spentSince } from "./payments";

const ACTIVE: QuickPayState[] = ["funding", "open", "ending"];

export async function saveQuickPaySession(s: StoredQuickPaySession, d: ChatDatabase = appDb()) {
  await d.quickPaySessions.add(s);
}

export function getQuickPaySession(id: string, d: ChatDatabase = appDb()) {
  return d.quickPaySessions.get(id);
}

export async function updateQuickPaySession(id: string, changes: Partial<Omit<StoredQuickPaySession, "id">>, d: ChatDatabase = appDb()) {
  await d.quickPaySessions.update(id, changes);
}

/** Ended and returned: the key is deleted (the record stays, for the history). */
export async function closeQuickPaySession(id: string, changes: { returnTx?: string; returned?: string }, d: ChatDatabase = appDb()) {
  await d.quickPaySessions.where("id").equals(id).modify((s) => {
    Object.assign(s, changes, { state: "ended" as const });
    delete s.sealedKey;
    delete s.wrapKey;
  });
}

/** Sessions not yet ended (open, funding or ending), of one main wallet or of all. */
export async function listActiveQuickPaySessions(mainWallet?: string, d: ChatDatabase = appDb()) {
  const rows = await d.quickPaySessions.where("state").anyOf(ACTIVE).toArray();
  return (mainWallet ? rows.filter((s) => s.mainWallet.toLowerCase() === mainWallet.toLowerCase()) : rows).sort((a, b) => b.createdAt - a.createdAt);
}

export function listQuickPaySessions(d: ChatDatabase = appDb()) {
  return d.quickPaySessions.toArray();
}

/**
 * Whose spend counts against `payer`'s daily budget: the main wallet and every session it funded. A session's
 * address resolves to its main wallet first. Reads the sessions' index only.
 */
export async function budgetPayers(payer: string, d: ChatDatabase = appDb()): Promise<string[]> {
  const asSession = await d.quickPaySessions.where("address").equals(payer).first();
  const main = asSession?.mainWallet ?? payer;
  const sessions = await d.quickPaySessions.where("mainWallet").equals(main).toArray();
  return [main, ...sessions.map((s) => s.address)];
}

/** What counts against a wallet's daily budget since `since`: its own payments and its sessions' (index keys only). */
export async function spentSinceByWallet(payer: string, since: number, d: ChatDatabase = appDb()): Promise<bigint> {
  const payers = await budgetPayers(payer, d);
  const sums = await Promise.all(payers.map((p) => spentSince(p, since, d)));
  return sums.reduce((a, b) => a + b, 0n);
}

export async function recordMovement(m: StoredMovement, d: ChatDatabase = appDb()) {
  await d.movements.put(m);
}

export function listMovements(d: ChatDatabase = appDb()) {
  return d.movements.orderBy("createdAt").reverse().toArray();
}
