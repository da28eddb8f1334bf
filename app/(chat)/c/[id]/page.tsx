import { ChatScreen } from "@/components/chat/chat-screen";
import { CatalogPrefetch } from "@/components/chat/catalog-prefetch";

export default async function ConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <CatalogPrefetch>
      <ChatScreen key={id} conversationId={id} />
    </CatalogPrefetch>
  );
}
