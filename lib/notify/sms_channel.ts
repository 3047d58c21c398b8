import type { NotifyChannel } from "./channel.ts";
import { providerRequest } from "./http_send.ts";

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  /** The sender when the tenant has none of its own. */
  from?: string;
  /** https://api.twilio.com, or a stand-in on loopback in tests. */
  apiUrl: string;
  /** Ask Twilio for delivery updates (the app has a public address): on the tenant's host. */
  statusCallbacks?: boolean;
  timeoutMs: number;
}

/**
 * SMS through Twilio's Messages API: a form-encoded POST (To, From, Body, StatusCallback) with
 * basic auth; Twilio answers 201 with the message's `sid`, and an error body with `code` and
 * `message` otherwise.
 */
export function createSmsChannel(options: TwilioOptions): NotifyChannel {
  const url = `${options.apiUrl.replace(/\/$/, "")}/2010-04-01/Accounts/${
    encodeURIComponent(options.accountSid)
  }/Messages.json`;
  const auth = `Basic ${btoa(`${options.accountSid}:${options.authToken}`)}`;
  return {
    name: "sms",
    async send(message, signal) {
      const from = message.sender?.smsFrom ?? options.from;
      if (!message.to?.phone) return { status: "SKIPPED", reason: "no phone number" };
      if (!from) return { status: "SKIPPED", reason: "no SMS sender number" };
      const form = new URLSearchParams({ To: message.to.phone, From: from, Body: message.text });
      if (options.statusCallbacks) {
        form.set("StatusCallback", `${new URL(message.url).origin}/webhooks/twilio/status`);
      }
      const body = await providerRequest("Twilio", url, {
        method: "POST",
        headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" },
        body: form,
      }, {
        signal,
        timeoutMs: options.timeoutMs,
        describeError: (b) => {
          const e = b as { code?: number; message?: string };
          return `${e.message ?? "error"}${e.code ? ` (code ${e.code})` : ""}`;
        },
      }) as { sid?: string } | null;
      return { status: "SENT", providerMessageId: body?.sid };
    },
  };
}
