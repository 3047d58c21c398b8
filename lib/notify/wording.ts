import type { NotifyTopic } from "./channel.ts";
import type { Locale } from "../i18n/locales.ts";
import { notifyMessages } from "../i18n/messages/notify.ts";

/** What a message needs to say about one party. */
export interface WordingFacts {
  tenantName: string;
  ticket: string;
  /** The customer's status page on the tenant's own host. */
  url: string;
  /** Parties ahead ("almost your turn"). */
  ahead?: number;
}

/**
 * Every customer-facing notification, keyed by topic, in the customer's language (the
 * catalogue in `lib/i18n/messages/notify.ts`). The `text` is the SMS: in English and Malay GSM-7
 * characters only (no curly quotes, no emoji) and short enough that, with the link, it stays
 * within one 160-character segment for a usual tenant name.
 */
export function wordingFor(
  topic: Exclude<NotifyTopic, "chat">,
  facts: WordingFacts,
  locale: Locale = "en",
): { title: string; text: string } {
  const t = notifyMessages.for(locale);
  const params = { tenant: facts.tenantName, ticket: facts.ticket, url: facts.url };
  return {
    title: t(`${topic}.title`, params),
    text: t(`${topic}.text`, { ...params, ahead: facts.ahead ?? 0 }),
  };
}

/** A staff chat message passed on to SMS, WhatsApp or push: trimmed so the link still fits. */
export function chatWording(
  facts: WordingFacts,
  content: string,
  locale: Locale = "en",
): { title: string; text: string } {
  const room = Math.max(20, 150 - facts.tenantName.length - facts.url.length);
  const said = content.length > room ? `${content.slice(0, room - 3).trimEnd()}...` : content;
  return {
    title: notifyMessages.for(locale)("chat.title", { tenant: facts.tenantName }),
    text: `${facts.tenantName}: ${said} ${facts.url}`,
  };
}

const GSM7 =
  "@\u00a3$\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\n\u00d8\u00f8\r\u00c5\u00e5\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\u00c6\u00e6\u00df\u00c9 !\"#\u00a4%&'()*+,-./0123456789:;<=>?\u00a1ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00c4\u00d6\u00d1\u00dc\u00a7\u00bfabcdefghijklmnopqrstuvwxyz\u00e4\u00f6\u00f1\u00fc\u00e0";

/** Whether `text` is plain GSM-7 (so an SMS segment holds 160 characters of it). */
export function isGsm7(text: string): boolean {
  return [...text].every((ch) => GSM7.includes(ch));
}
