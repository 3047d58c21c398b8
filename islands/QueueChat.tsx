import type { ChatMessage } from "../lib/chat/chat_repo.ts";
import { ChatThread } from "../components/chat/ChatThread.tsx";
import { useChat } from "../components/chat/use_chat.ts";
import { INTL_TAGS, type Locale } from "../lib/i18n/locales.ts";
import { statusMessages } from "../lib/i18n/messages/status.ts";

export interface QueueChatProps {
  sessionId: string;
  messages: ChatMessage[];
  closed: boolean;
  locale?: Locale;
  /** The tenant's time zone: message times read as the venue's clock. */
  timeZone?: string;
  /** The messages' times as the server wrote them (`ChatThread`'s `times`). */
  times?: Readonly<Record<string, string>>;
}

/** The customer's chat with the staff, on their ticket's page; live both ways. */
export default function QueueChat(
  { sessionId, messages, closed, locale = "en", timeZone, times }: QueueChatProps,
) {
  const t = statusMessages.for(locale);
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
      <h2 class="mb-2 text-lg font-semibold">{t("chat.title")}</h2>
      <ChatThread
        messages={chat.messages.value}
        me="CUSTOMER"
        // The server's words are English: another language says, in its own words, to try again.
        onSend={async (content) => {
          const error = await chat.send(content);
          return error && locale !== "en" ? t("problem") : error;
        }}
        closed={closed}
        label={t("chat.label")}
        intlLocale={INTL_TAGS[locale]}
        timeZone={timeZone}
        times={times}
        words={{
          update: t("chat.system"),
          you: t("chat.you"),
          staff: t("chat.staff"),
          empty: t("chat.empty"),
          closed: t("chat.closed"),
          input: t("chat.input"),
          placeholder: t("chat.placeholder"),
          send: t("chat.send"),
          seen: t("chat.seen"),
          // The template: the thread fills in the count and the limit as they change.
          counter: t("chat.counter"),
        }}
      />
    </section>
  );
}
