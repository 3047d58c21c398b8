import { useSignal } from "@preact/signals";
import type { BoardEntry } from "../../lib/queue/snapshot.ts";
import { ChatThread } from "../chat/ChatThread.tsx";
import { useChat } from "../chat/use_chat.ts";

export interface ChatPanelProps {
  entries: BoardEntry[];
  templates: readonly string[];
}

const BASE = "/api/queue/webchat";

function Conversation({ entry, templates }: { entry: BoardEntry; templates: readonly string[] }) {
  const chat = useChat({
    eventsUrl: `${BASE}/entry/${entry.id}/events`,
    readUrl: `${BASE}/entry/${entry.id}/read`,
    sendUrl: `${BASE}/send`,
    ticket: { entryId: entry.id },
    me: "STAFF",
    initial: [],
  });
  return (
    <ChatThread
      messages={chat.messages.value}
      me="STAFF"
      onSend={chat.send}
      templates={templates}
      label={`Chat with ${entry.ticketNumber}`}
    />
  );
}

function UnreadBadge({ count, testId }: { count: number; testId: string }) {
  if (count <= 0) return null;
  return (
    <span
      class="rounded-full bg-rose-600 px-2 text-xs font-semibold text-white"
      data-testid={testId}
    >
      {count}
      <span class="sr-only">unread</span>
    </span>
  );
}

/**
 * The board's chats, in a drawer over the board (it takes no room from the lists, so rows do not
 * move when it opens): every live party with its unread count from the board's own snapshot,
 * and the open conversation, followed live on its own stream.
 */
export function ChatPanel({ entries, templates }: ChatPanelProps) {
  const shown = useSignal(false);
  const open = useSignal<string | null>(null);
  const current = entries.find((e) => e.id === open.value) ?? null;
  const unread = entries.reduce((n, e) => n + e.unreadChat, 0);
  if (!shown.value) {
    return (
      <button
        type="button"
        class="fixed bottom-4 right-4 z-20 flex items-center gap-2 rounded-full bg-indigo-600 px-4 py-3 font-semibold text-white shadow-lg"
        onClick={() => (shown.value = true)}
        data-testid="chat-toggle"
      >
        Chats <UnreadBadge count={unread} testId="chat-unread-total" />
      </button>
    );
  }
  return (
    <section
      class="fixed bottom-4 right-4 z-20 flex max-h-[85vh] w-[min(28rem,calc(100vw-2rem))] flex-col gap-2 overflow-y-auto rounded-2xl bg-slate-100 p-3 shadow-2xl ring-1 ring-slate-300"
      aria-label="Chats"
      data-testid="chat-panel"
    >
      <div class="flex items-center justify-between px-1">
        <h2 class="text-lg font-semibold">Chats</h2>
        <button
          type="button"
          class="rounded-lg px-2 py-1 text-sm text-slate-600 hover:bg-slate-200"
          onClick={() => (shown.value = false)}
        >
          Close
        </button>
      </div>
      <ul class="flex flex-wrap gap-1">
        {entries.length === 0 && <li class="px-1 text-slate-500">Nobody to chat with.</li>}
        {entries.map((e) => (
          <li key={e.id}>
            <button
              type="button"
              aria-pressed={open.value === e.id ? "true" : "false"}
              class={`flex items-center gap-2 rounded-lg bg-white px-3 py-1.5 text-left text-sm ${
                open.value === e.id ? "ring-2 ring-indigo-500" : "ring-1 ring-slate-200"
              }`}
              onClick={() => (open.value = e.id)}
              data-testid="chat-open"
            >
              <span class="font-mono font-bold">{e.ticketNumber}</span>
              <span class="max-w-[8rem] truncate">{e.customerName}</span>
              <UnreadBadge count={e.unreadChat} testId="chat-unread" />
            </button>
          </li>
        ))}
      </ul>
      <div class="rounded-lg bg-white p-3">
        {current
          ? <Conversation key={current.id} entry={current} templates={templates} />
          : <p class="text-sm text-slate-500">Choose a party to read and answer its messages.</p>}
      </div>
    </section>
  );
}
