import type { Actor } from "../audit/actor.ts";
import { recordAction } from "../audit/record.ts";
import { revokeUserSessions } from "../auth/revoke_sessions.ts";
import type { Role } from "../db/schema.ts";
import { type Tx, withTenant } from "../db/transaction_repo.ts";
import { DomainError, notFoundError } from "../errors.ts";
import { runCommand } from "../events/command.ts";
import { listDeadEventSubjects } from "../events/outbox_repo.ts";
import type { StaffScope, TenantScope } from "../scope.ts";
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

export interface ListedUser extends StaffUserRow {
  /** The invitation mail failed for good (the outbox gave up): staff should invite again. */
  invitationFailed: boolean;
}

export function listUsers(scope: TenantScope): Promise<ListedUser[]> {
  return withTenant(scope.db, scope.tenantId, async (trx) => {
    const failed = new Set(await listDeadEventSubjects(trx, "user.invited", "userId"));
    const users = await listStaffUsers(trx);
    return users.map((u) => ({ ...u, invitationFailed: u.invited && failed.has(u.id) }));
  });
}

/**
 * Invites someone by email: an account without a password, committed with a `user.invited`
 * event, whose mail (a link valid a week to choose a password) the outbox sends and retries.
 * The plan's user limit (maxUsersPerTenant) holds. Inviting an address that was invited and has
 * not chosen a password yet sends the invitation again (a new link; the old one stops working),
 * so an invitation that never arrived is not a dead end.
 */
export function inviteUser(
  scope: StaffScope,
  invite: { input: InviteUserInput; tenantName: string; origin: string },
): Promise<StaffUserRow> {
  const { input } = invite;
  assertMayManage(scope.role, input.role, input.role);
  return runCommand(scope, async ({ trx, record }) => {
    const limit = await lockPlanUserLimit(trx);
    const existingId = await findUserIdByEmail(trx, input.email);
    if (existingId) {
      const existing = await lockStaffUser(trx, existingId);
      if (!existing?.invited || !existing.isActive) throw new DomainError("email_taken");
      assertMayManage(scope.role, existing.role);
      await audit(trx, scope.tenantId, scope.actor, "user.reinvite", existing, {});
      record("user.invited", {
        userId: existing.id,
        tenantName: invite.tenantName,
        origin: invite.origin,
      });
      return existing;
    }
    if (await countActiveUsers(trx) >= limit) {
      throw new DomainError("plan_limit", { limit: "maxUsersPerTenant", max: limit });
    }
    const user = await insertInvitedUser(trx, { tenantId: scope.tenantId, ...input });
    await audit(trx, scope.tenantId, scope.actor, "user.invite", user, { role: user.role });
    record("user.invited", {
      userId: user.id,
      tenantName: invite.tenantName,
      origin: invite.origin,
    });
    return user;
  });
}

/**
 * Changes a user's role or turns their account off or on. The last active owner can be neither
 * demoted nor deactivated, and nobody changes their own row (it would sign them out mid-task,
 * or lock them out): another manager does. A real change ends the user's sessions, so it applies
 * at once; a form sent back unchanged ends nothing.
 */
export async function updateUser(
  scope: StaffScope,
  userId: string,
  input: UpdateUserInput,
): Promise<StaffUserRow> {
  const { tenantId, actor } = scope;
  const updated = await withTenant(scope.db, tenantId, async (trx) => {
    const owners = await lockActiveOwnerIds(trx);
    const user = await lockStaffUser(trx, userId);
    if (!user) throw notFoundError("user");
    assertMayManage(scope.role, user.role, input.role);
    const losesOwner = user.role === "OWNER" && user.isActive &&
      ((input.role && input.role !== "OWNER") || input.isActive === false);
    if (losesOwner && owners.length <= 1) {
      throw new DomainError("last_owner");
    }
    if (actor.userId === userId) throw new DomainError("own_account");
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
    const changed = (input.role !== undefined && input.role !== user.role) ||
      (input.isActive !== undefined && input.isActive !== user.isActive);
    return { next, changed };
  });
  if (updated.changed) await revokeUserSessions(scope.kv, userId);
  return updated.next;
}
