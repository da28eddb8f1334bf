"use client";
/**
 * What the actions under a message do to the conversation's tree (lib/chat/thread.ts):
 * - Regenerate: a new reply under the same message of the person's, as a new paid send (the payment dialog shows
 *   its price first, also when a quick pay session pays it: nobody saw this price before the press); the old reply
 *   is kept as another version.
 * - Edit: the message becomes editable in place, priced as typed; "Save and send" sends the text as a new
 *   version of it (a sibling) through the normal send. Both branches are kept.
 * Like the composer's message, both are paid from an open quick pay session that covers the price, else by the wallet.
 * - Delete: after a confirmation, the message and whatever follows it on any branch; payments stay.
 * - Previous / next version: shows that sibling's newest branch.
 * Each send carries the path from the root to the new message's parent, never the branch it replaces.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { useSend } from "@/hooks/use-send";
import type { QuickPayView } from "@/hooks/use-quick-pay";
import { loadSendCode } from "@/lib/chat/send-loader";
import { useQuote } from "@/hooks/use-quote";
import type { Quote } from "@/lib/chat/quote";
import { buildChatRequest, serializeRequest, type ModelTraits } from "@/lib/chat/request-body";
import { canStart } from "@/lib/chat/send/machine";
import { newestLeaf, pathTo, siblingsOf, subtreeIds, type Tree } from "@/lib/chat/thread";
import { deleteMessageBranch, selectBranch } from "@/lib/db/messages";
import type { ChatSettings, StoredMessage } from "@/lib/db/types";
import dynamic from "next/dynamic";
import type { Network } from "@/lib/networks";
import { Button } from "@/components/ui/button";
import { LazyDialog } from "@/components/ui/lazy-dialog";
import type { PriceLine } from "./composer";
import type { MessageAction } from "./message-actions";

// The editor loads when a message is first edited (not in the chat page's first load).
const MessageEditor = dynamic(() => import("./message-editor").then((m) => m.MessageEditor), { ssr: false });

export function useBranchActions(o: {
  tree: Tree<StoredMessage>;
  thread: StoredMessage[];
  conversationId?: string;
  network?: Network;
  modelId?: string;
  model?: ModelTraits;
  settings: ChatSettings;
  free: boolean;
  sender: ReturnType<typeof useSend>;
  quickPay?: QuickPayView;
}) {
  const { tree, thread, conversationId, network, modelId, model, settings, free, sender, quickPay } = o;
  const [editing, setEditing] = useState<{ id: string; text: string }>();
  const [deleting, setDeleting] = useState<StoredMessage>();

  const bodyFor = useCallback(
    (parentId: string | null, text: string) =>
      modelId ? serializeRequest(buildChatRequest({ model: modelId, settings, history: pathTo(tree, parentId), userText: text, traits: model })) : undefined,
    [modelId, settings, tree, model],
  );

  // The edited text is priced as typed, like the composer's.
  const edited = editing ? tree.byId.get(editing.id) : undefined;
  const editParent = edited ? tree.parentOf(edited) : null;
  const editText = editing?.text ?? "";
  const editBody = useMemo(() => (editText.trim() ? bodyFor(editParent, editText) : undefined), [editText, editParent, bodyFor]);
  const editQuote = useQuote(network, editBody, !!editBody && !free && !sender.streaming);

  async function sendBranch(b: { parentId: string | null; text: string; replyToId?: string; cachedQuote?: Quote }) {
    const body = bodyFor(b.parentId, b.text);
    if (!network || !modelId || !conversationId || !body || !canStart(sender.state)) return;
    let cachedQuote = b.cachedQuote;
    // A regenerate has no price on screen: with a session open, it is read first to know whether the session
    // covers it (the controller reuses it; the payment dialog still shows it before anything is signed).
    if (b.replyToId && quickPay?.session && !free) {
      cachedQuote = await loadSendCode().then((c) => c.fetchQuote(network, body)).catch(() => undefined);
    }
    const session = !free && quickPay?.covers(cachedQuote?.amount) ? quickPay.session : undefined;
    await sender.send({
      network, conversationId, model: modelId, maxTokens: settings.maxTokens, text: b.text, body, free,
      cachedQuote, parentId: b.parentId, replyToId: b.replyToId, keepDraft: true, confirmFirst: !!b.replyToId || undefined,
    }, { quickPay: session });
  }

  function act(action: MessageAction, m: StoredMessage) {
    if (!conversationId) return;
    switch (action) {
      case "regenerate": {
        const asked = tree.byId.get(tree.parentOf(m) ?? "");
        if (asked?.role !== "user") return;
        return void sendBranch({ parentId: tree.parentOf(asked), text: asked.content, replyToId: asked.id });
      }
      case "edit":
        return setEditing({ id: m.id, text: m.content });
      case "delete":
        return setDeleting(m);
      case "previous":
      case "next": {
        const { list, index } = siblingsOf(tree, m);
        const target = list[index + (action === "next" ? 1 : -1)];
        const leaf = target && newestLeaf(tree, target.id);
        if (leaf) void selectBranch(conversationId, leaf.id);
      }
    }
  }
  // One stable callback for every message (they are memoised), always acting on the latest tree.
  const actRef = useRef(act);
  useEffect(() => {
    actRef.current = act;
  });
  const onAction = useCallback((a: MessageAction, m: StoredMessage) => actRef.current(a, m), []);

  const versions = useMemo(() => {
    const map = new Map<string, { index: number; count: number }>();
    for (const m of thread) {
      const { list, index } = siblingsOf(tree, m);
      if (list.length > 1) map.set(m.id, { index, count: list.length });
    }
    return map;
  }, [tree, thread]);

  const editPrice: PriceLine = !editing?.text.trim()
    ? { kind: "idle" }
    : free ? { kind: "free" }
    : editQuote.quote ? { kind: "quoted", amount: editQuote.quote.amount, maxTokens: settings.maxTokens }
    : editQuote.error ? { kind: "error", message: editQuote.error }
    : { kind: "loading" };

  const editor: ReactNode = editing && edited ? (
    <MessageEditor
      value={editing.text}
      onChange={(text) => setEditing({ id: editing.id, text })}
      onCancel={() => setEditing(undefined)}
      onSave={() => void sendBranch({ parentId: editParent, text: editing.text, cachedQuote: editQuote.quote })}
      price={editPrice}
      paidBy={!quickPay?.session || free ? undefined
        : quickPay.covers(editQuote.quote?.amount) ? "Paid from quick pay session"
        : `Paid by your wallet: ${quickPay.whyNot(editQuote.quote?.amount)}`}
      disabled={!canStart(sender.state) || !!sender.busy}
    />
  ) : undefined;

  const after = deleting ? subtreeIds(tree, deleting.id).length - 1 : 0;
  // Radix loads with the first confirmation (LazyDialog); closed, the dialog keeps no target.
  const dialogs = (
    <LazyDialog
      open={!!deleting}
      onOpenChange={(open) => !open && setDeleting(undefined)}
      title={deleting?.role === "user" ? "Delete this message?" : "Delete this reply?"}
      description={
        `${after > 0 ? `The ${after} message${after === 1 ? "" : "s"} after it (its ${deleting?.role === "user" ? "replies" : "follow-ups"}, on every version) go${after === 1 ? "es" : ""} too. ` : ""}` +
        "Any payment stays in the spend history."
      }>
      <div className="mt-4 flex justify-end gap-2">
        <Button variant="secondary" onClick={() => setDeleting(undefined)}>Cancel</Button>
        <Button variant="danger" onClick={async () => {
          if (conversationId && deleting) await deleteMessageBranch(conversationId, deleting.id);
          setDeleting(undefined);
        }}>Delete</Button>
      </div>
    </LazyDialog>
  );

  return {
    onAction,
    versions,
    editing: editing && editor ? { id: editing.id, editor } : undefined,
    dialogs,
    /** The new version is stored: the editor closes. */
    onSent: () => setEditing(undefined),
  };
}
