import type { ChatMessage } from "../lib/chat/chat_repo.ts";
import { ChatThread } from "../components/chat/ChatThread.tsx";
import { useChat } from "../components/chat/use_chat.ts";

export interface QueueChatProps {
  sessionId: string;
  messages: ChatMessage[];
  closed: boolean;
}

/** The customer's chat with the staff, on their ticket's page; live both ways. */
export default function QueueChat({ sessionId, messages, closed }: QueueChatProps) {
  const base = "/api/queue/webchat";
  const chat = useChat({
    eventsUrl: `${base}/${sessionId}/events`,
    readUrl: `${base}/${sessionId}/read`,
    sendUrl: `${base}/send`,
    ticket: { sessionId },
    me: "CUSTOMER",
    initial: messages,
  });
  return (
    <section class="mt-6 rounded-2xl bg-white p-4 shadow-sm" data-testid="queue-chat">
      <h2 class="mb-2 text-lg font-semibold">Message the staff</h2>
      <ChatThread
        messages={chat.messages.value}
        me="CUSTOMER"
        onSend={chat.send}
        closed={closed}
        label="Your chat with the staff"
      />
    </section>
  );
}
