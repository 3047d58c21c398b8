import type { Mailer } from "../mail/mailer.ts";
import type { NotifyChannel } from "./channel.ts";

/** Email through the app's mailer (SMTP). The event id names the mail (its Message-ID). */
export function createEmailChannel(mailer: Mailer): NotifyChannel {
  return {
    name: "email",
    async send(message) {
      const to = message.to?.email;
      if (!to) return { status: "SKIPPED", reason: "no email address" };
      await mailer.send({
        to,
        subject: message.title,
        text: message.text,
        messageId: `<${message.eventId}.notify@storehub-qms>`,
      });
      return { status: "SENT" };
    },
  };
}
