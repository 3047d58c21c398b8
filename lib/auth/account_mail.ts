import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import type { EventHandler } from "../events/dispatcher.ts";
import type { DomainEvent, EventPayloads } from "../events/event_types.ts";
import type { Mailer, MailMessage } from "../mail/mailer.ts";
import { randomToken } from "../random.ts";
import { hashResetToken, RESET_TOKEN_TTL_MS } from "./password_reset.ts";
import { storeResetTokenForUser } from "./password_reset_repo.ts";

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

type AccountEvent =
  | DomainEvent<"user.invited">
  | DomainEvent<"password.reset_requested">;

/**
 * The outbox's "mail" handler: invitations and password resets. The link is issued when the mail
 * is sent (its token hashed on the user), so a retry sends a fresh link and the outbox never
 * holds one that works. A user who is gone or inactive by then gets nothing, and that is done.
 */
export function createAccountMailHandler(
  deps: { db: Kysely<Database>; mailer: Mailer },
): EventHandler {
  return {
    name: "mail",
    async handle(event) {
      if (event.type !== "user.invited" && event.type !== "password.reset_requested") {
        throw new Error(`The mail handler does not send ${event.type}`);
      }
      const e = event as AccountEvent;
      if (!e.tenantId) throw new Error("An account mail needs its tenant");
      const invite = e.type === "user.invited";
      const token = randomToken(32);
      const tokenHash = await hashResetToken(token);
      const user = await withTenant(
        deps.db,
        e.tenantId,
        (trx) =>
          storeResetTokenForUser(
            trx,
            e.payload.userId,
            tokenHash,
            invite ? INVITE_TTL_MS : RESET_TOKEN_TTL_MS,
          ),
      );
      if (!user) return;
      // An invitation's page welcomes the newcomer by the business's name.
      const link = `${e.payload.origin}/dashboard/password/reset?token=${
        encodeURIComponent(token)
      }${invite ? "&welcome=1" : ""}`;
      const mail = invite
        ? inviteMail(user.email, e.payload, link)
        : resetMail(user.email, e.payload, link);
      // The event id names the mail, so a receiver can tell a retried copy from a new one.
      await deps.mailer.send({ ...mail, messageId: `<${e.id}@storehub-qms>` });
    },
  };
}

function inviteMail(
  to: string,
  p: EventPayloads["user.invited"],
  link: string,
): MailMessage {
  return {
    to,
    subject: `You're invited to ${p.tenantName} on StoreHub QMS`,
    text: [
      `You were invited to help run the queues of ${p.tenantName}.`,
      "",
      "Open this link within a week to choose your password (it works once):",
      link,
    ].join("\n"),
  };
}

function resetMail(
  to: string,
  p: EventPayloads["password.reset_requested"],
  link: string,
): MailMessage {
  return {
    to,
    subject: `Reset your ${p.tenantName} staff password`,
    text: [
      `Someone asked to reset the password of your ${p.tenantName} staff account.`,
      "",
      "Open this link within an hour to choose a new one (it works once):",
      link,
      "",
      "If it was not you, ignore this mail: your password stays as it is.",
    ].join("\n"),
  };
}
