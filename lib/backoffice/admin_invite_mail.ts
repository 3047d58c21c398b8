import type { Kysely } from "kysely";
import { platformCommand } from "../audit/platform_command.ts";
import { hashResetToken } from "../auth/password_reset.ts";
import type { Database } from "../db/schema.ts";
import type { EventHandler } from "../events/dispatcher.ts";
import type { DomainEvent } from "../events/event_types.ts";
import type { Mailer } from "../mail/mailer.ts";
import { randomToken } from "../random.ts";
import { storeAdminToken } from "./admins_repo.ts";

export const ADMIN_INVITE_TTL_MS = 3 * 24 * 60 * 60 * 1000;

/**
 * The outbox's "backoffice-mail" handler: a back-office invitation. As the tenant mails do, it
 * issues the link when it sends (its token hashed on the admin), so a retry sends a fresh link;
 * an admin deactivated meanwhile gets nothing.
 */
export function createAdminInviteMailHandler(
  deps: { db: Kysely<Database>; mailer: Mailer },
): EventHandler {
  return {
    name: "backoffice-mail",
    async handle(event) {
      if (event.type !== "backoffice_user.invited") {
        throw new Error(`The back-office mail handler does not send ${event.type}`);
      }
      const e = event as DomainEvent<"backoffice_user.invited">;
      const token = randomToken(32);
      const tokenHash = await hashResetToken(token);
      const actor = { userId: null, userType: "SYSTEM" as const, ipAddress: null, userAgent: null };
      const email = await platformCommand({ db: deps.db, actor }, async (trx, audit) => {
        const to = await storeAdminToken(trx, e.payload.userId, tokenHash, ADMIN_INVITE_TTL_MS);
        await audit({
          action: "backoffice_user.invite-link",
          resource: "back_office_user",
          resourceId: e.payload.userId,
          details: { issued: !!to },
        });
        return to;
      });
      if (!email) return;
      const link = `${e.payload.origin}/backoffice/password?token=${encodeURIComponent(token)}`;
      await deps.mailer.send({
        to: email,
        subject: "You're invited to the StoreHub QMS back office",
        text: [
          "You were invited to run the StoreHub QMS platform from its back office.",
          "",
          "Open this link within three days to choose your password (it works once):",
          link,
        ].join("\n"),
        messageId: `<${e.id}@storehub-qms>`,
      });
    },
  };
}
