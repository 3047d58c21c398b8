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

/**
 * The board's chats: every live party with its unread count (from the board's own snapshot),
 * and the open conversation, followed live on its own stream.
 */
export function ChatPanel({ entries, templates }: ChatPanelProps) {
  const open = useSignal<string | null>(null);
  const current = entries.find((e) => e.id === open.value) ?? null;
  return (
    <section
      class="mt-6 rounded-2xl bg-slate-100 p-3 ring-1 ring-slate-200"
      data-testid="chat-panel"
    >
      <h2 class="mb-2 px-1 text-lg font-semibold">Chats</h2>
      <div class="grid gap-3 md:grid-cols-3">
        <ul class="flex flex-col gap-1">
          {entries.length === 0 && <li class="px-1 text-slate-500">Nobody to chat with.</li>}
          {entries.map((e) => (
            <li key={e.id}>
              <button
                type="button"
                aria-pressed={open.value === e.id}
                class={`flex w-full items-center gap-2 rounded-lg px-3 py-2 text-left ${
                  open.value === e.id ? "bg-white ring-2 ring-indigo-500" : "bg-white"
                }`}
                onClick={() => (open.value = e.id)}
                data-testid="chat-open"
              >
                <span class="font-mono font-bold">{e.ticketNumber}</span>
                <span class="min-w-0 flex-1 truncate">{e.customerName}</span>
                {e.unreadChat > 0 && (
                  <span
                    class="rounded-full bg-rose-600 px-2 text-xs font-semibold text-white"
                    data-testid="chat-unread"
                  >
                    {e.unreadChat}
                    <span class="sr-only">unread</span>
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
        <div class="rounded-lg bg-white p-3 md:col-span-2">
          {current
            ? <Conversation key={current.id} entry={current} templates={templates} />
            : <p class="text-sm text-slate-500">Choose a party to read and answer its messages.</p>}
        </div>
      </div>
    </section>
  );
}
