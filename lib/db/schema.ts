/**
 * The browser database. Each change of shape is a new version() with an upgrade; old versions stay listed so a
 * browser on any earlier version migrates forward.
 */
import Dexie, { type EntityTable } from "dexie";
import type { StoredConversation, StoredMessage, StoredPayment, StoredSetting } from "./types";

export class ChatDatabase extends Dexie {
  conversations!: EntityTable<StoredConversation, "id">;
  messages!: EntityTable<StoredMessage, "id">;
  payments!: EntityTable<StoredPayment, "id">;
  settings!: EntityTable<StoredSetting, "key">;

  constructor(name = "blockrun-chat") {
    super(name);
    this.version(1).stores({
      conversations: "id, updatedAt",
      messages: "id, [conversationId+createdAt], status",
      payments: "id, createdAt, conversationId, payer, status, networkId, model, &[payer+nonce]",
      settings: "key",
    });
  }
}

let instance: ChatDatabase | undefined;

/** The app's database (browser only). Tests pass their own instance to the query functions. */
export function db(): ChatDatabase {
  instance ??= new ChatDatabase();
  return instance;
}
