import type { Kysely } from "kysely";
import { platformCommand } from "../audit/platform_command.ts";
import { revokeUserSessions } from "../auth/revoke_sessions.ts";
import type { Database } from "../db/schema.ts";
import { withPlatform } from "../db/transaction_repo.ts";
import { notFoundError } from "../errors.ts";
import { newEvent } from "../events/event_types.ts";
import { insertOutboxEvents } from "../events/outbox_repo.ts";
import { durableHandlersFor } from "../events/subscriptions.ts";
import { userSessionPrefix } from "../kv/keys.ts";
import type { BackofficeScope } from "./backoffice_scope.ts";
import {
  findPlatformUser,
  listPlatformUsers,
  type PlatformUserRow,
  setPlatformUserActive,
} from "./platform_users_repo.ts";

export function listUsersAcrossTenants(
  db: Kysely<Database>,
  f: { q?: string; tenantId?: string; page: number; perPage: number },
) {
  return withPlatform(db, (trx) => listPlatformUsers(trx, f));
}

/** Sessions a user holds now (the per-user index `createSession` keeps in KV). */
export async function countActiveSessions(kv: Deno.Kv, userId: string): Promise<number> {
  let n = 0;
  for await (const _ of kv.list({ prefix: userSessionPrefix(userId) })) n++;
  return n;
}

export async function platformUserDetails(db: Kysely<Database>, kv: Deno.Kv, id: string) {
  const user = await withPlatform(db, (trx) => findPlatformUser(trx, id));
  if (!user) throw notFoundError("user");
  return { user, sessions: await countActiveSessions(kv, id) };
}

/**
 * Turns a tenant user's account off or on; turning it off ends every session of theirs at once
 * (their open boards and streams close too), and an inactive user cannot sign in.
 */
export async function setUserActive(
  scope: BackofficeScope,
  id: string,
  active: boolean,
): Promise<PlatformUserRow> {
  const user = await platformCommand(scope, async (trx, audit) => {
    const before = await findPlatformUser(trx, id, true);
    if (!before) throw notFoundError("user");
    await setPlatformUserActive(trx, id, active);
    await audit({
      action: active ? "user.reactivate" : "user.deactivate",
      resource: "tenant_user",
      resourceId: id,
      tenantId: before.tenantId,
      before: { isActive: before.isActive },
      after: { isActive: active },
      details: { email: before.email },
    });
    return { ...before, isActive: active };
  });
  await revokeUserSessions(scope.kv, id);
  return user;
}

/** Mails the user a password reset link (the outbox sends it, from the tenant's address). */
export async function sendPasswordReset(
  scope: BackofficeScope,
  id: string,
  originOf: (slug: string) => string,
): Promise<void> {
  const events = await platformCommand(scope, async (trx, audit) => {
    const user = await findPlatformUser(trx, id);
    if (!user) throw notFoundError("user");
    const event = newEvent("password.reset_requested", user.tenantId, {
      userId: user.id,
      tenantName: user.tenantName,
      origin: originOf(user.tenantSlug),
    });
    await insertOutboxEvents(trx, [{ event, pending: durableHandlersFor(event.type) }]);
    await audit({
      action: "user.password-reset-sent",
      resource: "tenant_user",
      resourceId: id,
      tenantId: user.tenantId,
      details: { email: user.email },
    });
    return [event];
  });
  scope.afterCommit(events);
}
