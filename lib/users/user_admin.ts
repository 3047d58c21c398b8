import type { Kysely } from "kysely";
import type { Actor } from "../audit/actor.ts";
import { recordAction } from "../audit/record.ts";
import { hashResetToken } from "../auth/password_reset.ts";
import { revokeUserSessions } from "../auth/revoke_sessions.ts";
import type { Database, Role } from "../db/schema.ts";
import { type Tx, withTenant } from "../db/transaction_repo.ts";
import { DomainError, notFoundError } from "../errors.ts";
import { HttpError } from "../http/errors.ts";
import type { Mailer } from "../mail/mailer.ts";
import { randomToken } from "../random.ts";
import {
  countActiveUsers,
  findUserIdByEmail,
  insertInvitedUser,
  listStaffUsers,
  lockActiveOwnerIds,
  lockPlanUserLimit,
  lockStaffUser,
  type StaffUserRow,
  updateStaffUser,
} from "./user_admin_repo.ts";
import type { InviteUserInput, UpdateUserInput } from "./user_schema.ts";

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Who may manage whom: OWNER everyone; ADMIN only ADMIN and STAFF, and never grants OWNER. */
function assertMayManage(actorRole: Role, target: Role, newRole?: Role): void {
  if (actorRole === "OWNER") return;
  if (actorRole === "ADMIN" && target !== "OWNER" && newRole !== "OWNER") return;
  throw new DomainError("owner_required");
}

function audit(
  trx: Tx,
  tenantId: string,
  actor: Actor,
  action: string,
  user: StaffUserRow,
  details: Record<string, unknown>,
) {
  return recordAction(trx, tenantId, actor, {
    action,
    resource: "tenant_user",
    resourceId: user.id,
    details: { email: user.email, ...details },
  });
}

export function listUsers(db: Kysely<Database>, tenantId: string): Promise<StaffUserRow[]> {
  return withTenant(db, tenantId, listStaffUsers);
}

/**
 * Invites someone by email: an account without a password, and a link (valid a week) that lets
 * them choose one. The plan's user limit (maxUsersPerTenant) holds.
 */
export async function inviteUser(
  deps: { db: Kysely<Database>; mailer: Mailer },
  tenant: { id: string; name: string },
  input: InviteUserInput,
  actor: Actor & { role: Role },
  origin: string,
): Promise<StaffUserRow> {
  assertMayManage(actor.role, input.role, input.role);
  const token = randomToken(32);
  const tokenHash = await hashResetToken(token);
  const user = await withTenant(deps.db, tenant.id, async (trx) => {
    const limit = await lockPlanUserLimit(trx);
    if (await findUserIdByEmail(trx, input.email)) {
      throw new DomainError("email_taken");
    }
    if (await countActiveUsers(trx) >= limit) {
      throw new DomainError("plan_limit", { limit: "maxUsersPerTenant", max: limit });
    }
    const user = await insertInvitedUser(trx, {
      tenantId: tenant.id,
      ...input,
      tokenHash,
      ttlMs: INVITE_TTL_MS,
    });
    await audit(trx, tenant.id, actor, "user.invite", user, { role: user.role });
    // Sent before the commit: if the mail cannot go out, no account is left behind that
    // nobody can open (the invitee could not be invited again either).
    const link = `${origin}/dashboard/password/reset?token=${encodeURIComponent(token)}`;
    try {
      await deps.mailer.send({
        to: user.email,
        subject: `You're invited to ${tenant.name} on StoreHub QMS`,
        text: [
          `You were invited to help run the queues of ${tenant.name}.`,
          "",
          "Open this link within a week to choose your password (it works once):",
          link,
        ].join("\n"),
      });
    } catch {
      throw new HttpError(502, "The invitation could not be sent, so nothing was saved; try again");
    }
    return user;
  });
  return user;
}

/**
 * Changes a user's role or turns their account off or on. The last active owner can be neither
 * demoted nor deactivated. Any change ends the user's sessions, so it applies at once.
 */
export async function updateUser(
  deps: { db: Kysely<Database>; kv: Deno.Kv },
  tenantId: string,
  userId: string,
  input: UpdateUserInput,
  actor: Actor & { role: Role },
): Promise<StaffUserRow> {
  const updated = await withTenant(deps.db, tenantId, async (trx) => {
    const owners = await lockActiveOwnerIds(trx);
    const user = await lockStaffUser(trx, userId);
    if (!user) throw notFoundError("user");
    assertMayManage(actor.role, user.role, input.role);
    const losesOwner = user.role === "OWNER" && user.isActive &&
      ((input.role && input.role !== "OWNER") || input.isActive === false);
    if (losesOwner && owners.length <= 1) {
      throw new DomainError("last_owner");
    }
    if (input.isActive === true && !user.isActive) {
      const limit = await lockPlanUserLimit(trx);
      if (await countActiveUsers(trx) >= limit) {
        throw new DomainError("plan_limit", { limit: "maxUsersPerTenant", max: limit });
      }
    }
    const next = await updateStaffUser(trx, userId, input);
    if (input.role && input.role !== user.role) {
      await audit(trx, tenantId, actor, "user.role-change", next, {
        from: user.role,
        to: next.role,
      });
    }
    if (input.isActive !== undefined && input.isActive !== user.isActive) {
      await audit(
        trx,
        tenantId,
        actor,
        input.isActive ? "user.reactivate" : "user.deactivate",
        next,
        {},
      );
    }
    return next;
  });
  await revokeUserSessions(deps.kv, userId);
  return updated;
}
