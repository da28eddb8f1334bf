"use client";
import { useEffect, useRef } from "react";
import type { StoredMessage, StoredPayment } from "@/lib/db/types";
import type { Network } from "@/lib/networks";
import { MessageItem } from "./message-item";

/** The conversation, following the newest text while the reader is at the bottom. */
export function MessageList({ messages, payments, network, live }: {
  messages: StoredMessage[];
  payments: Map<string, StoredPayment>;
  network?: Network;
  live?: { id: string; text: string };
}) {
  const endRef = useRef<HTMLDivElement>(null);
  const scrollerRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const s = scrollerRef.current;
    if (!s) return;
    const nearBottom = s.scrollHeight - s.scrollTop - s.clientHeight < 160;
    if (nearBottom) endRef.current?.scrollIntoView({ block: "end" });
  }, [messages.length, live?.text]);
  return (
    <div ref={scrollerRef} className="min-h-0 flex-1 overflow-y-auto" role="log" aria-label="Conversation">
      <div className="mx-auto flex max-w-3xl flex-col gap-6 px-4 py-6">
        {messages.map((m) => (
          <MessageItem
            key={m.id}
            message={m}
            payment={m.paymentId ? payments.get(m.paymentId) : undefined}
            network={network}
            liveText={live?.id === m.id ? live.text : undefined}
          />
        ))}
        <div ref={endRef} />
      </div>
    </div>
  );
}
