import type { NotifyChannel } from "./channel.ts";
import { providerRequest } from "./http_send.ts";

export interface WhatsAppOptions {
  accessToken: string;
  /** https://graph.facebook.com/v21.0, or a stand-in on loopback in tests. */
  apiUrl: string;
  /** The approved template used outside the 24-hour window, and its language. */
  template: string;
  templateLanguage: string;
  timeoutMs: number;
}

/**
 * WhatsApp through the Cloud API: `POST {api}/{phone-number-id}/messages` with a Bearer token.
 * Inside the 24-hour customer-service window a plain text message; outside it (and at join,
 * when the customer has not written to the business yet, that is always) the tenant's approved
 * template, whose one body variable carries the same text. The window is open when the
 * customer wrote to the tenant's number in the last 24 hours (lib/conversation/).
 */
export function createWhatsAppChannel(options: WhatsAppOptions): NotifyChannel {
  return {
    name: "whatsapp",
    async send(message, signal) {
      const numberId = message.sender?.whatsappPhoneNumberId;
      if (!numberId) return { status: "SKIPPED", reason: "no WhatsApp phone number id" };
      if (!message.to?.phone) return { status: "SKIPPED", reason: "no phone number" };
      const to = message.to.phone.replace(/^\+/, "");
      const content = message.sender?.whatsappWindowOpen
        ? { type: "text", text: { preview_url: true, body: message.text } }
        : {
          type: "template",
          template: {
            name: message.sender?.whatsappTemplate ?? options.template,
            language: { code: options.templateLanguage },
            components: [{ type: "body", parameters: [{ type: "text", text: message.text }] }],
          },
        };
      const url = `${options.apiUrl.replace(/\/$/, "")}/${encodeURIComponent(numberId)}/messages`;
      const body = await providerRequest("WhatsApp", url, {
        method: "POST",
        headers: {
          authorization: `Bearer ${options.accessToken}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({
          messaging_product: "whatsapp",
          recipient_type: "individual",
          to,
          ...content,
        }),
      }, {
        signal,
        timeoutMs: options.timeoutMs,
        describeError: (b) => {
          const e = (b as { error?: { message?: string; code?: number } }).error;
          return `${e?.message ?? "error"}${e?.code ? ` (code ${e.code})` : ""}`;
        },
      }) as { messages?: Array<{ id?: string }> } | null;
      return { status: "SENT", providerMessageId: body?.messages?.[0]?.id };
    },
  };
}
