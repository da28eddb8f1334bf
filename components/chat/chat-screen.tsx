"use client";
/**
 * One screen for a new chat and an existing one. The first Send of a new chat creates the conversation and
 * swaps the URL in place (history.replaceState), so nothing remounts mid-reply.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { usePathname, useRouter } from "next/navigation";
import dynamic from "next/dynamic";
import { useLiveQuery } from "dexie-react-hooks";
import { useActiveNetwork } from "@/hooks/use-networks";
import { useModels } from "@/hooks/use-models";
import { useQuote } from "@/hooks/use-quote";
import { useLiveReplyId, useSend, useSendShown } from "@/hooks/use-send";
import { useQuickPay } from "@/hooks/use-quick-pay";
import { canStart } from "@/lib/chat/send/machine";
import type { Network } from "@/lib/networks";
import { getConversation } from "@/lib/db/conversations";
import { createConversation, DEFAULT_SETTINGS, listConversations, saveDraft, titleFrom, updateConversation } from "@/lib/db/conversations";
import { listMessages, markInterruptedStreams } from "@/lib/db/messages";
import type { ChatSettings, StoredMessage } from "@/lib/db/types";
import { buildChatRequest, carriedContext, countTurns, serializeRequest } from "@/lib/chat/request-body";
import { usePriceTable } from "@/hooks/use-price-table";
import { SUMMARY_REQUEST, settingsWithSummary, summaryReply } from "@/lib/chat/summary";
import { buildTree, threadOf, withPending } from "@/lib/chat/thread";
import { composeMessage } from "@/lib/chat/attachments";
import { useBranchActions } from "./use-branch-actions";
import { useChatShortcuts } from "./use-chat-shortcuts";
import { useDraft } from "./use-draft";
import { ConversationList } from "./conversation-list";
import { MessageList } from "./message-list";
import { ChatTotal } from "./chat-total";
import { Composer, type PriceLine } from "./composer";
import { ModelPicker } from "./model-picker";
import { Button } from "@/components/ui/button";
import { LazyDialog, preloadDialog } from "@/components/ui/lazy-dialog";

// Not needed to type, pick a model and see the price: each loads where first needed (README "What loads when").
// The payment dialog loads with the first keystroke, beside the send code.
const loadPaymentDialog = () => import("./payment-dialog");
const PaymentDialog = dynamic(() => loadPaymentDialog().then((m) => m.PaymentDialog), { ssr: false });
// Only when the carried history is most of the price, fewer turns are carried, or a summary is ready.
const ContextNote = dynamic(() => import("./context-note").then((m) => m.ContextNote), { ssr: false });
const ChatSettingsPanel = dynamic(() => import("./chat-settings").then((m) => m.ChatSettingsPanel), { ssr: false });
const SpendControls = dynamic(() => import("./spend-controls").then((m) => m.SpendControls), { ssr: false });
const BudgetsForm = dynamic(() => import("@/components/history/budgets-form").then((m) => m.BudgetsForm), { ssr: false });
const RaiseLimitButton = dynamic(() => import("@/components/history/raise-limit-button").then((m) => m.RaiseLimitButton), { ssr: false });

const LAST_MODEL_KEY = "last-model";
const PREFERRED_DEFAULT = "openai/gpt-4o-mini";

let startupDone = false;
const NO_MESSAGES: StoredMessage[] = [];

export function ChatScreen({ conversationId: initialId }: { conversationId?: string }) {
  const router = useRouter();
  const network = useActiveNetwork();
  const [conversationId, setConversationId] = useState(initialId);
  const conversation = useLiveQuery(() => (conversationId ? getConversation(conversationId) : undefined), [conversationId]);
  const conversations = useLiveQuery(() => listConversations(), []);
  const allMessages = useLiveQuery(() => (conversationId ? listMessages(conversationId) : []), [conversationId]) ?? NO_MESSAGES;
  // Messages form a tree (edits and regenerated replies are siblings); the thread shown is one branch of it.
  const tree = useMemo(() => buildTree(allMessages), [allMessages]);
  const messages = useMemo(() => threadOf(tree, conversation?.activeLeafId), [tree, conversation?.activeLeafId]);

  const models = useModels(network?.id);
  const [newChat, setNewChat] = useState<{ model?: string; settings: ChatSettings }>({ settings: DEFAULT_SETTINGS });
  const [showSettings, setShowSettings] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const { draft, setDraft, files, setFiles, adopt: adoptDraft, reset: resetDraft, clearSent } = useDraft(conversationId, conversation, composerRef);

  // A new chat becomes /c/<id> in place (history.replaceState), so that history entry keeps the new chat's page,
  // and Back and Forward between it and "/" keep this screen: the address decides which conversation it shows.
  const pathname = usePathname();
  const inUrl = /^\/c\/([^/]+)$/.exec(pathname)?.[1];
  const urlId = inUrl ? decodeURIComponent(inUrl) : undefined;
  useEffect(() => {
    if ((pathname !== "/" && !urlId) || urlId === conversationId) return;
    // Following the address bar (an external store) into the screen's state.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setConversationId(urlId);
    resetDraft();
  }, [pathname]); // eslint-disable-line react-hooks/exhaustive-deps -- only when the address changes

  useEffect(() => {
    if (!startupDone) {
      startupDone = true;
      void markInterruptedStreams();
    }
  }, []);

  const catalog = models.data;
  const modelId = conversation?.model ?? newChat.model ?? defaultModel(catalog);
  const model = catalog?.find((m) => m.id === modelId);
  const settings = conversation?.settings ?? newChat.settings;
  const free = model?.billingMode === "free";

  // The message as sent: the typed text and the attached files' text (so the price includes them).
  const outgoing = useMemo(() => composeMessage(draft, files), [draft, files]);
  const body = useMemo(() => {
    if (!outgoing.trim() || !modelId) return undefined;
    return serializeRequest(buildChatRequest({ model: modelId, settings, history: messages, userText: outgoing, traits: model }));
  }, [outgoing, modelId, settings, messages, model]);

  // What this message would cost on every model (the picker), counted locally; the 402 stays the price.
  const carried = useMemo(
    () => carriedContext({ systemPrompt: settings.systemPrompt, carryTurns: settings.carryTurns }, messages),
    [settings.systemPrompt, settings.carryTurns, messages],
  );
  const estimates = usePriceTable({
    models: catalog, networkId: network?.id, carried, systemPrompt: settings.systemPrompt,
    draft: outgoing, maxTokens: settings.maxTokens, selectedId: modelId,
  });
  const loadEstimates = estimates.load;
  // The tokenizer loads with the first keystroke (never in the first load of the page).
  useEffect(() => {
    if (draft) loadEstimates();
  }, [draft, loadEstimates]);
  const turns = countTurns(messages);
  const carriedCount = carried.length - (settings.systemPrompt.trim() ? 1 : 0);
  const trimmed = settings.carryTurns !== undefined && settings.carryTurns < turns ? { kept: settings.carryTurns, total: turns } : undefined;
  function trimOldest() {
    const now = Math.min(settings.carryTurns ?? turns, turns);
    void changeSettings({ ...settings, carryTurns: Math.floor(now / 2) });
  }
  // New chat with summary: the request is an ordinary message (its price shows, Send is the person's); the draft
  // they had typed waits for the new chat.
  const summary = summaryReply(messages);
  const stashKey = `summary-draft:${conversationId}`;
  function askForSummary() {
    if (draft.trim() && draft !== SUMMARY_REQUEST) localStorage.setItem(stashKey, draft);
    setDraft(SUMMARY_REQUEST);
  }
  async function startWithSummary() {
    if (!network || !modelId || !summary) return;
    const c = await createConversation({
      networkId: network.id, model: modelId, settings: settingsWithSummary(settings, summary),
      title: `${conversation?.title ?? "Chat"} (continued)`,
    });
    const stashed = localStorage.getItem(stashKey);
    if (stashed) {
      await saveDraft(c.id, stashed);
      localStorage.removeItem(stashKey);
    }
    router.push(`/c/${c.id}`);
  }
  function carryAll() {
    const rest = { ...settings };
    delete rest.carryTurns;
    void changeSettings(rest);
  }

  const sender = useSend({
    onSent: (req) => {
      // An edit or a regenerated reply is not the composer's message: the draft stays.
      if (req.keepDraft) return branch.onSent();
      clearSent();
    },
  });
  const quote = useQuote(network, body, !!model && !free && !sender.streaming);
  const typing = !!body;
  useEffect(() => {
    if (typing) void loadPaymentDialog().catch(() => {});
  }, [typing]);
  // Regenerate, edit and resend, delete, the version switcher: the tree's actions, sent through the same sender.
  const quickPay = useQuickPay(network);
  const branch = useBranchActions({ tree, thread: messages, conversationId, network, modelId, model, settings, free, sender, quickPay });
  const liveReplyId = useLiveReplyId();
  // A send's messages show before IndexedDB has them: the reply's first token does not wait for that write.
  const pendingShown = useSendShown();
  const shownMessages = useMemo(
    () => withPending(messages, pendingShown?.filter((m) => m.conversationId === conversationId), (id) => tree.byId.has(id)),
    [messages, pendingShown, conversationId, tree],
  );
  const quotedAmount = quote.quote?.amount;
  const contextDominates = !!outgoing.trim() && !free && !!estimates.share?.dominates;
  const summaryReady = !!summary && !sender.streaming;
  const paidBy = !quickPay.session || free
    ? undefined
    : quickPay.covers(quotedAmount)
      ? "Paid from quick pay session"
      : `Paid by your wallet: ${quickPay.whyNot(quotedAmount)}`;

  const price: PriceLine = !outgoing.trim()
    ? { kind: "idle" }
    : free
      ? { kind: "free" }
      : quote.quote
        ? { kind: "quoted", amount: quote.quote.amount, maxTokens: settings.maxTokens }
        : quote.error
          ? { kind: "error", message: quote.error }
          : { kind: "loading" };

  // Send is one at a time: the controller ignores a second press, and this covers the moment before it knows
  // (creating the conversation) so a double press never makes two conversations.
  const starting = useRef(false);
  async function onSend() {
    if (!network || !modelId || !outgoing.trim() || starting.current || !canStart(sender.state)) return;
    starting.current = true;
    try {
      await startSend(network, modelId);
    } finally {
      starting.current = false;
    }
  }
  async function startSend(network: Network, modelId: string) {
    let id = conversationId;
    if (!id) {
      const c = await createConversation({ networkId: network.id, model: modelId, settings, title: titleFrom(draft.trim() ? draft : files[0]?.name ?? "") });
      id = c.id;
      localStorage.setItem(LAST_MODEL_KEY, modelId);
      setConversationId(id);
      adoptDraft(id);
      window.history.replaceState(null, "", `/c/${id}`);
    } else if (conversation?.title === "New chat") {
      await updateConversation(id, { title: titleFrom(draft.trim() ? draft : files[0]?.name ?? "") });
    }
    // send() resolves once the machine has left idle; the rest of the flow runs on its own.
    await sender.send({
      network, conversationId: id, model: modelId, maxTokens: settings.maxTokens, text: outgoing,
      body: body!, free, cachedQuote: quote.quote, parentId: messages.at(-1)?.id ?? null,
    }, { quickPay: quickPay.covers(quotedAmount) ? quickPay.session : undefined });
  }

  // A failed regenerate or edit is retried from its own button, not with the composer's draft.
  const failedBranch = sender.state.name === "failed" && !!sender.state.req?.keepDraft;

  const startNewChat = useCallback(() => {
    setConversationId(undefined);
    resetDraft();
    router.push("/");
  }, [router, resetDraft]);
  const shortcuts = useChatShortcuts({ onNewChat: startNewChat, composer: composerRef });

  async function changeModel(id: string) {
    localStorage.setItem(LAST_MODEL_KEY, id);
    if (conversationId) await updateConversation(conversationId, { model: id });
    else setNewChat((s) => ({ ...s, model: id }));
  }
  async function changeSettings(s: ChatSettings) {
    if (conversationId) await updateConversation(conversationId, { settings: s });
    else setNewChat((n) => ({ ...n, settings: s }));
  }

  const conversationList = (inDrawer: boolean) => (
    <ConversationList
      conversations={conversations}
      activeId={conversationId}
      onNew={() => {
        if (inDrawer) setDrawerOpen(false);
        startNewChat();
      }}
      onShowShortcuts={shortcuts.open}
      onDeleted={(id) => id === conversationId && (setConversationId(undefined), router.push("/"))}
      onNavigate={inDrawer ? () => setDrawerOpen(false) : undefined}
    />
  );

  // The layout of the best chat apps: the toolbar and the composer stay, only the message list scrolls.
  return (
    <div className="flex min-h-0 flex-1">
      <aside className="hidden w-64 shrink-0 border-r border-zinc-200 md:block dark:border-zinc-800">
        {conversationList(false)}
      </aside>
      <main className="flex min-w-0 flex-1 flex-col">
        <h1 className="sr-only">{conversation?.title ?? "New chat"}</h1>
        <div className="flex shrink-0 items-center gap-1 border-b border-zinc-200 px-2 py-1.5 sm:gap-2 sm:px-4 sm:py-2 dark:border-zinc-800">
          {/* Below md the conversation list is a drawer. */}
          <Button variant="ghost" size="icon" aria-label="Conversations" className="md:hidden" aria-haspopup="dialog" aria-expanded={drawerOpen}
            onClick={() => setDrawerOpen(true)} onPointerEnter={preloadDialog} onFocus={preloadDialog}>
            <svg aria-hidden viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
              <path d="M4 6h16M4 12h16M4 18h16" />
            </svg>
          </Button>
          <LazyDialog open={drawerOpen} onOpenChange={setDrawerOpen} side="left" title="Conversations" hideTitle className="p-0! pt-14!" closeLabel="Close conversations">
            {conversationList(true)}
          </LazyDialog>
          <ModelPicker models={catalog} value={modelId ?? ""} onChange={changeModel} loading={models.isLoading}
            prices={estimates.table} onOpen={loadEstimates} pricesError={estimates.loadError}
            error={models.error ? `Could not load models: ${(models.error as Error).message}` : undefined} />
          <Button variant="ghost" size="sm" className="min-w-11 px-2 text-zinc-700 dark:text-zinc-200" aria-haspopup="dialog" aria-expanded={showSettings}
            onClick={() => setShowSettings(true)} onPointerEnter={preloadDialog} onFocus={preloadDialog}>
            <svg aria-hidden viewBox="0 0 24 24" className="size-5 sm:hidden" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
              <path d="M4 7h10M18 7h2M4 17h2M10 17h10" /><circle cx="16" cy="7" r="2" /><circle cx="8" cy="17" r="2" />
            </svg>
            <span className="max-sm:sr-only">Settings</span>
          </Button>
          <LazyDialog open={showSettings} onOpenChange={setShowSettings} side="right" title="Chat settings" closeLabel="Close settings"
            description="This conversation's model settings, your spending limits and budgets.">
            <div className="mt-4 space-y-3">
              <ChatSettingsPanel settings={settings} onChange={changeSettings} ignoresSampling={!!model?.ignoresSampling} maxOutput={model?.maxOutput} turns={turns} />
              <SpendControls />
              <BudgetsForm compact />
            </div>
            <Button variant="secondary" className="mt-4 self-end" onClick={() => setShowSettings(false)}>Done</Button>
          </LazyDialog>
          <ChatTotal conversationId={conversationId} />
        </div>
        {shownMessages.length === 0 ? (
          <div className="flex min-h-0 flex-1 items-center justify-center overflow-y-auto p-6 text-center text-muted sm:p-8">
            <div>
              <p className="text-lg font-medium text-zinc-800 dark:text-zinc-200">Pay per message. No account, no API key.</p>
              <p className="mt-1 text-sm">Pick a model, type, and see the price before your wallet signs anything.</p>
            </div>
          </div>
        ) : (
          <MessageList messages={shownMessages} network={network} liveId={liveReplyId}
            versions={branch.versions} busy={!canStart(sender.state)} onAction={branch.onAction} editing={branch.editing} />
        )}
        <div className="mx-auto w-full max-w-3xl shrink-0 px-2 pb-[max(0.5rem,env(safe-area-inset-bottom))] sm:px-4 sm:pb-4">
          {sender.error && (
            <div role="alert" data-testid="send-error" className="mb-2 flex items-start gap-2 rounded-lg bg-red-50 py-1 pl-3 pr-1 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
              <span className="flex-1 py-1.5">
                {sender.error.message}
                {sender.error.extra.retryAfterSeconds ? ` Try again in ${sender.error.extra.retryAfterSeconds} s.` : ""}
              </span>
              {sender.error.extra.limit && (
                <RaiseLimitButton code={sender.error.extra.limit.code} over={sender.error.extra.limit.over} onRaised={() => void (!failedBranch && onSend())} />
              )}
              {sender.error.retryable && draft.trim() && !failedBranch && (
                <Button variant="secondary" size="sm" onClick={() => void onSend()}>Retry</Button>
              )}
              <Button variant="quiet" size="icon" aria-label="Dismiss" onClick={sender.clearError}><span aria-hidden>×</span></Button>
            </div>
          )}
          {sender.busy && !sender.pending && <p role="status" className="mb-2 text-sm text-muted">{sender.busy}</p>}
          {(contextDominates || trimmed || summaryReady) && <ContextNote
            dominates={contextDominates}
            carriedMessages={carriedCount}
            carriedCost={estimates.share?.carriedCost}
            amount={estimates.share?.amount}
            trimmed={trimmed}
            onTrim={trimOldest}
            onCarryAll={carryAll}
            onSummarize={askForSummary}
            summaryReady={summaryReady}
            onStartWithSummary={() => void startWithSummary()}
          />}
          <Composer
            inputRef={composerRef}
            value={draft}
            onChange={setDraft}
            files={files}
            onFilesChange={setFiles}
            onSend={() => void onSend()}
            onStop={sender.stop}
            streaming={sender.streaming}
            disabled={!network || !modelId || !!sender.busy}
            disabledReason={!network ? "No network is available: is the devnet running? (npm run dev)" : undefined}
            price={price}
            paidBy={paidBy}
          />
        </div>
      </main>
      {branch.dialogs}
      {shortcuts.dialog}
      {sender.pending && (
        <PaymentDialog
          amount={sender.pending.quote.amount}
          breakdown={sender.pending.quote.challenge.breakdown}
          model={sender.pending.req.model}
          maxTokens={sender.pending.req.maxTokens}
          network={sender.pending.req.network}
          payTo={sender.pending.quote.challenge.requirement.payTo}
          busy={sender.busy}
          signer={sender.signer}
          onPay={() => void sender.approve()}
          onCancel={() => void sender.cancel()}
        />
      )}
    </div>
  );
}

function defaultModel(catalog: { id: string; billingMode: string }[] | undefined): string | undefined {
  if (!catalog?.length) return undefined;
  const last = typeof localStorage !== "undefined" ? localStorage.getItem(LAST_MODEL_KEY) : null;
  if (last && catalog.some((m) => m.id === last)) return last;
  return catalog.find((m) => m.id === PREFERRED_DEFAULT)?.id ?? catalog.find((m) => m.billingMode !== "free")?.id ?? catalog[0].id;
}
