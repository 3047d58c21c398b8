import type { Kysely } from "kysely";
import { z } from "zod";
import { type PlatformActor, platformCommand } from "../audit/platform_command.ts";
import { hashPassword } from "../auth/password.ts";
import { hashResetToken } from "../auth/password_reset.ts";
import { revokeUserSessions } from "../auth/revoke_sessions.ts";
import type { Database } from "../db/schema.ts";
import { withPlatform } from "../db/transaction_repo.ts";
import { DomainError, notFoundError } from "../errors.ts";
import { newEvent } from "../events/event_types.ts";
import { insertOutboxEvents } from "../events/outbox_repo.ts";
import { durableHandlersFor } from "../events/subscriptions.ts";
import type { BackofficeScope } from "./backoffice_scope.ts";
import {
  type AdminRow,
  findAdmin,
  findAdminByToken,
  findAdminIdByEmail,
  insertInvitedAdmin,
  listAdmins,
  setAdminActiveRow,
  setAdminPasswordWithToken,
} from "./admins_repo.ts";

export const InviteAdminSchema = z.object({
  email: z.string({ error: "Email is required" }).trim().toLowerCase()
    .pipe(z.email("Enter a valid email address")),
  fullName: z.string({ error: "Name is required" }).trim().min(
    2,
    "Name must be at least 2 characters",
  )
    .max(100, "Name must be at most 100 characters"),
}).strict();

export const AdminPasswordSchema = z.object({
  token: z.string().catch(""),
  password: z.string({ error: "Choose a password" }).min(10, "Use at least 10 characters")
    .max(200, "Password is too long"),
});

export function loadAdmins(db: Kysely<Database>): Promise<AdminRow[]> {
  return withPlatform(db, listAdmins);
}

/** Invites a back-office admin: a row without a password and a mail to choose one. */
export async function inviteAdmin(
  scope: BackofficeScope,
  input: z.infer<typeof InviteAdminSchema>,
  origin: string,
): Promise<AdminRow> {
  const event = { current: null as ReturnType<typeof newEvent<"backoffice_user.invited">> | null };
  const admin = await platformCommand(scope, async (trx, audit) => {
    if (await findAdminIdByEmail(trx, input.email)) throw new DomainError("email_taken");
    const row = await insertInvitedAdmin(trx, input);
    event.current = newEvent("backoffice_user.invited", null, { userId: row.id, origin });
    await insertOutboxEvents(trx, [{
      event: event.current,
      pending: durableHandlersFor(event.current.type),
    }]);
    await audit({
      action: "backoffice_user.invite",
      resource: "back_office_user",
      resourceId: row.id,
      after: { email: row.email, fullName: row.fullName },
    });
    return row;
  });
  if (event.current) scope.afterCommit([event.current]);
  return admin;
}

/** Deactivates or restores an admin; deactivating ends their sessions at once. Never oneself. */
export async function setAdminActive(
  scope: BackofficeScope,
  id: string,
  active: boolean,
): Promise<AdminRow> {
  if (!active && id === scope.actor.userId) throw new DomainError("self_deactivation");
  const admin = await platformCommand(scope, async (trx, audit) => {
    const before = await findAdmin(trx, id, true);
    if (!before) throw notFoundError("backoffice_user");
    await setAdminActiveRow(trx, id, active);
    await audit({
      action: active ? "backoffice_user.reactivate" : "backoffice_user.deactivate",
      resource: "back_office_user",
      resourceId: id,
      before: { isActive: before.isActive },
      after: { isActive: active },
      details: { email: before.email },
    });
    return { ...before, isActive: active };
  });
  await revokeUserSessions(scope.kv, id);
  return admin;
}

export async function isAdminTokenUsable(db: Kysely<Database>, token: string): Promise<boolean> {
  if (!token) return false;
  const hash = await hashResetToken(token);
  return !!(await withPlatform(db, (trx) => findAdminByToken(trx, hash)));
}

/** Chooses the password from an invitation link; false when the link is used up or expired. */
export async function setAdminPassword(
  deps: { db: Kysely<Database>; bcryptRounds: number; actor: Omit<PlatformActor, "userId"> },
  input: z.infer<typeof AdminPasswordSchema>,
): Promise<boolean> {
  if (!input.token) return false;
  const tokenHash = await hashResetToken(input.token);
  const passwordHash = await hashPassword(input.password, deps.bcryptRounds);
  const id = await withPlatform(deps.db, (trx) => findAdminByToken(trx, tokenHash));
  if (!id) return false;
  return await platformCommand(
    { db: deps.db, actor: { ...deps.actor, userId: id } },
    async (trx, audit) => {
      const done = await setAdminPasswordWithToken(trx, tokenHash, passwordHash);
      await audit({
        action: done ? "backoffice_user.password-set" : "backoffice_user.password-link-refused",
        resource: "back_office_user",
        resourceId: id,
      });
      return !!done;
    },
  );
}
