/**
 * Stored shapes (IndexedDB through Dexie). Stored types are versioned: a shape is never changed in place; a new
 * Dexie version with an upgrade is added in schema.ts instead. Amounts are stored as decimal strings of USDC
 * atomic units (IndexedDB indexes strings, JSON exports them exactly); the query functions hand out bigints.
 */
import type { NetworkId } from "../networks";

export interface ChatSettings {
  systemPrompt: string;
  maxTokens: number;
  temperature?: number;
  topP?: number;
  /** How many of the latest turns each message carries; absent = all of them. Added without a Dexie version:
   *  absent is exactly what every conversation stored before it meant, and nothing indexes it. */
  carryTurns?: number;
}

/** A text file attached to a draft: its text goes into the message when it is sent (lib/chat/attachments.ts). */
export interface DraftAttachment {
  name: string;
  text: string;
}

/** @stored v3 (v1 without activeLeafId and draftFiles; see schema.ts) */
export interface StoredConversation {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  networkId: NetworkId;
  model: string;
  settings: ChatSettings;
  draft: string;
  /** Text files attached to the draft (v3). */
  draftFiles?: DraftAttachment[];
  /** The last message of the branch shown (v3): the thread is the path from the root to it (lib/chat/thread.ts). */
  activeLeafId?: string;
}

export type MessageStatus = "complete" | "streaming" | "stopped" | "interrupted" | "error";

/** The same fields as lib/blockrun/usage.ts's Usage, kept as its own type on purpose: the wire shape may change,
 *  a stored shape only moves with a new Dexie version. */
export interface StoredUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  cachedReadTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
}

/** @stored v3 (v1 without parentId; see schema.ts) */
export interface StoredMessage {
  id: string;
  conversationId: string;
  /** The message this one follows (v3): messages form a tree, an edit or a regenerated reply is a sibling.
   *  null for a first message; undefined only in rows written by code that predates v3 (read as "after the
   *  previous message", lib/chat/thread.ts). */
  parentId?: string | null;
  role: "user" | "assistant";
  content: string;
  createdAt: number;
  status: MessageStatus;
  model?: string;
  /** The payment this assistant reply was bought with. */
  paymentId?: string;
  usage?: StoredUsage;
  finishReason?: string;
  /** Milliseconds from the request leaving to the first token on screen, and to the end. */
  timeToFirstTokenMs?: number;
  totalTimeMs?: number;
  error?: string;
  /** Set when the gateway substituted a free model (X-Fallback-Model): not charged. */
  fallbackModel?: string;
}

/** The statuses and what each means live in lib/payments/status.ts (v2: "refused"/"failed" became proofs-only). */
export type { PaymentStatus } from "../payments/status";
import type { PaymentStatus } from "../payments/status";

/** @stored v2 (v1 had the statuses "refused" and "failed"; see schema.ts); v4 added the optional session fields */
export interface StoredPayment {
  id: string;
  createdAt: number;
  updatedAt: number;
  conversationId: string;
  messageId: string;
  networkId: NetworkId;
  chainId: number;
  model: string;
  maxTokens: number;
  /** USDC atomic units, decimal string. */
  amount: string;
  asset: string;
  payTo: string;
  payer: string;
  status: PaymentStatus;
  /** The 402's price breakdown as the gateway sent it (display only). */
  breakdown?: Record<string, string>;
  nonce?: string;
  validAfter?: string;
  validBefore?: string;
  txHash?: string;
  reason?: string;
  usage?: StoredUsage;
  /** v4: paid by a quick pay session's key (`payer` is then the session's address)... */
  sessionId?: string;
  /** ...which the main wallet funded: the budgets and the history count the payment as this wallet's. */
  fundedBy?: string;
}

export type QuickPayState = "funding" | "open" | "ending" | "ended";

/** @stored v4: a quick pay session (lib/quickpay). Kept after it ends (the history names it), minus its key. */
export interface StoredQuickPaySession {
  id: string;
  /** The session key's address (the payer of its payments). */
  address: string;
  /** The wallet that funds it and gets the rest back. */
  mainWallet: string;
  networkId: NetworkId;
  chainId: number;
  /** USDC atomic units, decimal strings: the top-up, and the most one message may cost. */
  amount: string;
  cap: string;
  createdAt: number;
  expiresAt: number;
  state: QuickPayState;
  /** The private key, AES-GCM encrypted under `wrapKey` (a non-extractable WebCrypto key); gone once ended. */
  sealedKey?: { iv: Uint8Array; data: ArrayBuffer };
  wrapKey?: CryptoKey;
  fundTx?: string;
  returnTx?: string;
  /** The amount returned, atomic units. */
  returned?: string;
}

/** @stored v4: USDC moved between the main wallet and a session: a movement, not spend. */
export interface StoredMovement {
  id: string;
  sessionId: string;
  kind: "top_up" | "return";
  networkId: NetworkId;
  from: string;
  to: string;
  amount: string;
  txHash: string;
  createdAt: number;
}

/** @stored v1: one row per setting key. */
export interface StoredSetting {
  key: string;
  value: unknown;
}
