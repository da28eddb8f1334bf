/**
 * The browser database. Each change of shape is a new version() with an upgrade; old versions stay listed so a
 * browser on any earlier version migrates forward.
 */
import Dexie, { type EntityTable } from "dexie";
import type { StoredConversation, StoredMessage, StoredMovement, StoredPayment, StoredQuickPaySession, StoredSetting } from "./types";
import { statusFromLegacy } from "../payments/status";
import { HISTORY_CACHE, historyChangeMarker, type HistoryCacheRow } from "./history-cache";

export class ChatDatabase extends Dexie {
  conversations!: EntityTable<StoredConversation, "id">;
  messages!: EntityTable<StoredMessage, "id">;
  payments!: EntityTable<StoredPayment, "id">;
  settings!: EntityTable<StoredSetting, "key">;
  quickPaySessions!: EntityTable<StoredQuickPaySession, "id">;
  movements!: EntityTable<StoredMovement, "id">;
  historyCache!: EntityTable<HistoryCacheRow, "id">;

  constructor(name = "blockrun-chat") {
    super(name);
    this.version(1).stores({
      conversations: "id, updatedAt",
      messages: "id, [conversationId+createdAt], status",
      payments: "id, createdAt, conversationId, payer, status, networkId, model, &[payer+nonce]",
      settings: "key",
    });
    // v2: a payment is "not charged" only when proven (lib/payments/status.ts). v1's "refused"/"failed" claimed it
    // without proof: a signed one becomes "unknown" (the chain decides), an unsigned one "not_signed".
    // The budget sums read index keys only, never whole records: [payer+createdAt+status+amount] gives one
    // wallet's rows of today, [conversationId+status+amount] one conversation's (lib/db/payments.ts).
    this.version(2)
      .stores({
        payments:
          "id, createdAt, conversationId, payer, status, networkId, model, &[payer+nonce], [payer+createdAt+status+amount], [conversationId+status+amount]",
      })
      .upgrade((tx) =>
        tx.table<StoredPayment & { status: string }>("payments").toCollection().modify((p) => {
          p.status = statusFromLegacy(p.status, !!p.nonce);
        }),
      );
    // v3: messages form a tree (edits and regenerated replies are siblings). Each conversation's messages are
    // linked in createdAt order (each follows the one before) and the conversation shows its last message.
    this.version(3)
      .stores({})
      .upgrade(async (tx) => {
        const links = new Map<string, string>();
        await tx.table<StoredMessage>("messages").orderBy("[conversationId+createdAt]").modify((m) => {
          m.parentId = links.get(m.conversationId) ?? null;
          links.set(m.conversationId, m.id);
        });
        await tx.table<StoredConversation>("conversations").toCollection().modify((c) => {
          const leaf = links.get(c.id);
          if (leaf) c.activeLeafId = leaf;
        });
      });
    // v4 (quick pay, lib/quickpay): spending sessions (a browser key funded by the main wallet) and the USDC
    // movements between the two (top-up, return), which are not spend. A payment may now carry `sessionId` and
    // `fundedBy` (optional: older rows are the main wallet's own). Sessions are looked up by their main wallet
    // (budgets count a session's payments against it) and by state (open sessions are found on every visit).
    this.version(4).stores({
      quickPaySessions: "id, &address, mainWallet, state",
      movements: "id, createdAt, sessionId",
    });
    // v5: one index whose keys carry every field the history's totals, filter menus and counts need, so the page
    // shows them from index keys alone, before (and without) reading 10,000 whole records
    // (lib/db/history-queries.ts readHistoryKeys). No record changes.
    this.version(5).stores({
      payments:
        "id, createdAt, conversationId, payer, status, networkId, model, &[payer+nonce], [payer+createdAt+status+amount], [conversationId+status+amount], " +
        HISTORY_KEY_INDEX,
    });
    // v6: the history's sums of older payments, kept between visits, and the token that invalidates them
    // (lib/db/history-cache.ts, lib/history/snapshot.ts). Built on the first visit of the history page.
    this.version(6).stores({ [HISTORY_CACHE]: "id" });
    this.use(historyChangeMarker);
  }
}

/** [createdAt, status, amount, payer, networkId, model, conversationId]: see version(5). */
export const HISTORY_KEY_INDEX = "[createdAt+status+amount+payer+networkId+model+conversationId]";

let instance: ChatDatabase | undefined;

/** The app's database (browser only). Tests pass their own instance to the query functions. */
export function db(): ChatDatabase {
  instance ??= new ChatDatabase();
  return instance;
}
