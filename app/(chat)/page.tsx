import { ChatScreen } from "@/components/chat/chat-screen";
import { CatalogPrefetch } from "@/components/chat/catalog-prefetch";

export default function NewChatPage() {
  return (
    <CatalogPrefetch>
      <ChatScreen />
    </CatalogPrefetch>
  );
}
