import { type Signal, useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { ChatMessage } from "../../lib/chat/chat_repo.ts";
import { followLiveEvents } from "../../lib/islands/live_events.ts";
import { postJson } from "../board/board_client.ts";

export type ChatSide = "CUSTOMER" | "STAFF";

export interface UseChatOptions {
  /** The chat's event stream (each event: the whole chat, `{ entryId, messages }`). */
  eventsUrl: string;
  /** Marks the other side's messages as seen. */
  readUrl: string;
  /** `POST /api/queue/webchat/send` and the body naming the ticket (without `content`). */
  sendUrl: string;
  ticket: Record<string, string>;
  me: ChatSide;
  initial: ChatMessage[];
}

export interface ChatState {
  messages: Signal<ChatMessage[]>;
  live: Signal<boolean>;
  /** Sends a message; resolves to an error to show, or null when the server took it. */
  send(content: string): Promise<string | null>;
}

/** Whether `m` was written by the other side (SYSTEM messages count as staff's for a customer). */
export function fromOtherSide(m: ChatMessage, me: ChatSide): boolean {
  return me === "STAFF" ? m.sender === "CUSTOMER" : m.sender !== "CUSTOMER";
}

/**
 * One chat, live: starts from `initial`, follows the stream, and marks the other side's messages
 * as seen while the page is visible (their "Seen" receipt).
 */
export function useChat(options: UseChatOptions): ChatState {
  const { eventsUrl, readUrl, me } = options;
  const messages = useSignal(options.initial);
  const live = useSignal(false);

  useEffect(() => {
    let reading = false;
    async function markRead() {
      const unread = messages.value.some((m) => !m.isRead && fromOtherSide(m, me));
      if (!unread || reading || document.visibilityState !== "visible") return;
      reading = true;
      await postJson(readUrl, {});
      reading = false;
    }
    const events = followLiveEvents(eventsUrl, {
      update(data) {
        messages.value = (data as { messages: ChatMessage[] }).messages;
        markRead();
      },
      open: () => (live.value = true),
      down: () => (live.value = false),
    });
    document.addEventListener("visibilitychange", markRead);
    markRead();
    return () => {
      events.close();
      document.removeEventListener("visibilitychange", markRead);
    };
  }, [eventsUrl, readUrl, me]);

  async function send(content: string): Promise<string | null> {
    const result = await postJson(options.sendUrl, { ...options.ticket, content });
    if (!result.ok) return result.error;
    const message = result.data.message as ChatMessage;
    if (!messages.value.some((m) => m.id === message.id)) {
      messages.value = [...messages.value, message];
    }
    return null;
  }

  return { messages, live, send };
}
