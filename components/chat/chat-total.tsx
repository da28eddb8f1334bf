"use client";
/**
 * "This chat: 0.004 USDC": what the conversation's payments may have charged. Its own live query, so a payment's
 * change (signed, settled) re-renders this line and that message's panel (message-item.tsx), not the chat screen.
 */
import { useLiveQuery } from "dexie-react-hooks";
import { isCharged, listConversationPayments } from "@/lib/db/payments";
import { formatUsdc, parseAtomic } from "@/lib/money";

export function ChatTotal({ conversationId }: { conversationId?: string }) {
  const total = useLiveQuery(
    async () => (conversationId ? (await listConversationPayments(conversationId)).filter(isCharged).reduce((t, p) => t + parseAtomic(p.amount), 0n) : 0n),
    [conversationId],
  );
  return (
    <span className="ml-auto shrink-0 text-xs text-muted sm:text-sm" data-testid="conversation-total">
      {!!total && total > 0n && <><span className="max-sm:sr-only">This chat: </span><span className="font-mono">{formatUsdc(total)} USDC</span></>}
    </span>
  );
}
