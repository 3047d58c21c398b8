import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { ChatMessage } from "../../lib/chat/chat_repo.ts";
import { type ChatSide, fromOtherSide } from "./use_chat.ts";
import { messageTime } from "../../lib/i18n/clock.ts";

export interface ChatThreadProps {
  messages: ChatMessage[];
  me: ChatSide;
  /** Sends a message; resolves to an error to show, or null. */
  onSend(content: string): Promise<string | null>;
  /** Quick messages, sent with one tap (staff). */
  templates?: readonly string[];
  closed?: boolean;
  label: string;
  /** The words of the thread, in the reader's language (English by default). */
  words?: Partial<ChatWords>;
  /** `Intl` tag and time zone for the messages' times (the browser's by default). */
  intlLocale?: string;
  timeZone?: string;
  /**
   * Message times the server already wrote, by message id: the page starts without building a
   * time format (a phone's first one costs ~20 ms, ×4 on a cheap one); later messages are
   * formatted here.
   */
  times?: Readonly<Record<string, string>>;
}

export interface ChatWords {
  update: string;
  you: string;
  staff: string;
  customer: string;
  empty: string;
  closed: string;
  input: string;
  placeholder: string;
  send: string;
  seen: string;
  /** Shown as a message nears its limit: `{count}` and `{max}` are filled in. */
  counter: string;
}

const ENGLISH: ChatWords = {
  update: "Update",
  you: "You",
  staff: "Staff",
  customer: "Customer",
  empty: "No messages yet.",
  closed: "This visit has ended; the chat is closed.",
  input: "Message",
  placeholder: "Write a message",
  send: "Send",
  seen: "Seen",
  counter: "{count} of {max} characters",
};

/** From this many characters on, the box says how many of the limit are used. */
const COUNT_FROM = 800;

const MAX = 1000;

function who(m: ChatMessage, me: ChatSide, w: ChatWords): string {
  if (m.sender === "SYSTEM") return w.update;
  if (!fromOtherSide(m, me)) return w.you;
  return m.sender === "STAFF" ? w.staff : w.customer;
}

/**
 * A conversation and its compose box. Text is rendered as text (Preact escapes it); nothing here
 * ever sets HTML. The last of my messages the other side has seen says "Seen".
 */
export function ChatThread(props: ChatThreadProps) {
  const { messages, me } = props;
  const w = { ...ENGLISH, ...props.words };
  const draft = useSignal("");
  const problem = useSignal<string | null>(null);
  const sending = useSignal(false);
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    list.current?.scrollTo({ top: list.current.scrollHeight });
  }, [messages.length]);

  async function send(content: string) {
    const text = content.trim();
    if (!text || sending.value) return;
    sending.value = true;
    problem.value = null;
    const error = await props.onSend(text);
    sending.value = false;
    if (error) problem.value = error;
    else if (content === draft.value) draft.value = "";
  }

  const lastSeen = messages.findLastIndex((m) => !fromOtherSide(m, me) && m.isRead);
  return (
    <div class="flex flex-col gap-2" data-testid="chat-thread">
      <ol
        ref={list}
        class="flex max-h-72 flex-col gap-2 overflow-y-auto rounded-lg bg-slate-50 p-2"
        aria-live="polite"
        aria-label={props.label}
      >
        {messages.length === 0 && <li class="text-sm text-slate-600">{w.empty}</li>}
        {messages.map((m, i) => {
          const mine = !fromOtherSide(m, me);
          return (
            <li
              key={m.id}
              class={`max-w-[85%] rounded-xl px-3 py-2 text-sm ${
                mine
                  ? "self-end bg-indigo-600 text-white"
                  : m.sender === "SYSTEM"
                  ? "self-center bg-amber-50 text-amber-900"
                  : "self-start bg-white text-slate-900 ring-1 ring-slate-200"
              }`}
              data-testid="chat-message"
              data-sender={m.sender}
            >
              <span class="sr-only">{who(m, me, w)}:</span>
              <span class="whitespace-pre-wrap break-words">{m.content}</span>
              <span
                class={`mt-0.5 block text-[11px] ${mine ? "text-indigo-100" : "text-slate-600"}`}
              >
                {props.times?.[m.id] ?? messageTime(m.createdAt, props.intlLocale, props.timeZone)}
                {i === lastSeen && <span data-testid="chat-seen">· {w.seen}</span>}
              </span>
            </li>
          );
        })}
      </ol>
      {props.closed ? <p class="text-sm text-slate-600">{w.closed}</p> : (
        // Not a <form>: without the island's script it would GET the message into the URL.
        <div class="flex flex-col gap-2">
          {props.templates && props.templates.length > 0 && (
            <div class="flex flex-wrap gap-1" aria-label="Quick messages">
              {props.templates.map((t) => (
                <button
                  type="button"
                  key={t}
                  class="rounded-full bg-white px-3 py-1 text-xs font-medium text-indigo-700 ring-1 ring-indigo-200 hover:bg-indigo-50"
                  onClick={() => send(t)}
                >
                  {t}
                </button>
              ))}
            </div>
          )}
          <div class="flex gap-2">
            <input
              type="text"
              name="content"
              value={draft.value}
              maxLength={MAX}
              aria-label={w.input}
              placeholder={w.placeholder}
              class="min-w-0 flex-1 rounded-lg border border-slate-300 px-3 py-2 text-base"
              onInput={(e) => (draft.value = (e.target as HTMLInputElement).value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" && !e.isComposing) send(draft.value);
              }}
            />
            <button
              type="button"
              onClick={() => send(draft.value)}
              disabled={sending.value}
              class="rounded-lg bg-indigo-600 px-4 py-2 font-semibold text-white disabled:opacity-60"
            >
              {w.send}
            </button>
          </div>
          {draft.value.length >= COUNT_FROM && (
            <p class="text-right text-xs text-slate-700" data-testid="chat-counter">
              {w.counter.replace("{count}", String(draft.value.length)).replace(
                "{max}",
                String(MAX),
              )}
            </p>
          )}
          {problem.value && <p role="alert" class="text-sm text-red-700">{problem.value}</p>}
        </div>
      )}
    </div>
  );
}
