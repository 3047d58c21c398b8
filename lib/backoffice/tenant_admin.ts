import { platformCommand } from "../audit/platform_command.ts";
import type { Tx } from "../db/transaction_repo.ts";
import { DomainError, notFoundError } from "../errors.ts";
import { type DomainEvent, newEvent } from "../events/event_types.ts";
import { insertOutboxEvents } from "../events/outbox_repo.ts";
import { durableHandlersFor } from "../events/subscriptions.ts";
import { insertInvitedUser } from "../users/user_admin_repo.ts";
import type { BackofficeScope } from "./backoffice_scope.ts";
import { loadPlatformSettingsIn } from "./platform_settings.ts";
import {
  countPeopleWaiting,
  deleteTenantRow,
  domainOwner,
  findTenantRecord,
  insertSubscriptionRow,
  insertTenantRow,
  slugTaken,
  type TenantRecord,
  updateTenantRow,
  upsertSubscriptionRow,
} from "./tenant_admin_repo.ts";
import type { CreateTenantInput, UpdateTenantInput } from "./tenant_schema.ts";

/** A unique index refused the row: which one, by its constraint name. */
function uniqueViolation(err: unknown): string | null {
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e?.code !== "23505") return null;
  const name = typeof e.constraint === "string" ? e.constraint : String(e.message ?? "");
  return name.includes("domain") ? "domain" : name.includes("slug") ? "slug" : "other";
}

async function translateUnique<T>(
  run: () => Promise<T>,
  values: { slug?: string; domain?: string | null },
): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const which = uniqueViolation(err);
    if (which === "slug" && values.slug) throw new DomainError("slug_taken", { slug: values.slug });
    if (which === "domain" && values.domain) {
      throw new DomainError("domain_taken", { domain: values.domain });
    }
    throw err;
  }
}

/** A record for the audit row's before/after: plain JSON. */
function snapshot(t: TenantRecord): Record<string, unknown> {
  return JSON.parse(JSON.stringify(t));
}

/**
 * Creates a tenant: its row, its subscription on `plan` with the plan's defaults from the
 * settings, and its owner, invited by mail (a `user.invited` event the outbox sends). Two
 * creates of one slug at once: the unique index lets one through; the other is `slug_taken`.
 */
export async function createTenant(
  scope: BackofficeScope,
  input: CreateTenantInput,
  originOf: (slug: string) => string,
): Promise<TenantRecord> {
  const events: DomainEvent[] = [];
  const created = await translateUnique(
    () =>
      platformCommand(scope, async (trx, audit) => {
        events.length = 0;
        if (await slugTaken(trx, input.slug)) {
          throw new DomainError("slug_taken", { slug: input.slug });
        }
        const id = await insertTenantRow(trx, { name: input.name, slug: input.slug, domain: null });
        const settings = await loadPlatformSettingsIn(trx);
        await insertSubscriptionRow(trx, id, input.plan, settings.plans[input.plan]);
        const owner = await insertInvitedUser(trx, {
          tenantId: id,
          email: input.ownerEmail,
          fullName: input.ownerName ?? input.ownerEmail.split("@")[0]!,
          role: "OWNER",
        });
        const event = newEvent("user.invited", id, {
          userId: owner.id,
          tenantName: input.name,
          origin: originOf(input.slug),
        });
        events.push(event);
        await insertOutboxEvents(trx, [{ event, pending: durableHandlersFor(event.type) }]);
        const record = (await findTenantRecord(trx, id))!;
        await audit({
          action: "tenant.create",
          resource: "tenant",
          resourceId: id,
          tenantId: id,
          after: { ...snapshot(record), ownerEmail: input.ownerEmail },
        });
        return record;
      }),
    { slug: input.slug },
  );
  scope.afterCommit(events);
  await scope.tenants.invalidate();
  return created;
}

async function lockTenant(trx: Tx, id: string): Promise<TenantRecord> {
  const t = await findTenantRecord(trx, id, true);
  if (!t) throw notFoundError("tenant");
  return t;
}

/**
 * Edits a tenant: name, subdomain, custom domain, plan, subscription, limits and features.
 * With `useDefaults` (or a new plan and no limits given), limits and features become the plan's
 * defaults; values sent beside it override them. Takes effect on the tenant's host at once.
 */
export async function updateTenant(
  scope: BackofficeScope,
  id: string,
  input: UpdateTenantInput,
): Promise<TenantRecord> {
  const updated = await translateUnique(
    () =>
      platformCommand(scope, async (trx, audit) => {
        const before = await lockTenant(trx, id);
        if (input.slug && input.slug !== before.slug && await slugTaken(trx, input.slug)) {
          throw new DomainError("slug_taken", { slug: input.slug });
        }
        if (input.domain) {
          const owner = await domainOwner(trx, input.domain);
          if (owner && owner !== id) {
            throw new DomainError("domain_taken", { domain: input.domain });
          }
        }
        await updateTenantRow(trx, id, {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.slug !== undefined ? { slug: input.slug } : {}),
          ...(input.domain !== undefined ? { domain: input.domain } : {}),
        });
        const { name: _n, slug: _s, domain: _d, useDefaults, ...sub } = input;
        const planChanged = !!input.plan && input.plan !== before.subscription?.plan;
        const limitsGiven = ["maxMerchants", "maxQueuesPerMerchant", "maxUsersPerTenant"]
          .some((k) => k in input);
        let change: Record<string, unknown> = sub;
        if (useDefaults || (planChanged && !limitsGiven)) {
          const settings = await loadPlatformSettingsIn(trx);
          const plan = input.plan ?? before.subscription?.plan ?? "FREE";
          const { priceMonthly: _p, ...terms } = settings.plans[plan];
          change = { ...terms, ...sub };
        }
        await upsertSubscriptionRow(trx, id, change);
        const after = (await findTenantRecord(trx, id))!;
        await audit({
          action: "tenant.update",
          resource: "tenant",
          resourceId: id,
          tenantId: id,
          before: snapshot(before),
          after: snapshot(after),
        });
        return after;
      }),
    { slug: input.slug, domain: input.domain },
  );
  await scope.tenants.invalidate();
  return updated;
}

/** Suspends or restores a tenant: inactive, its host answers 503 and its staff cannot sign in. */
export async function setTenantActive(
  scope: BackofficeScope,
  id: string,
  active: boolean,
): Promise<TenantRecord> {
  const updated = await platformCommand(scope, async (trx, audit) => {
    const before = await lockTenant(trx, id);
    await updateTenantRow(trx, id, { isActive: active });
    const after = { ...before, isActive: active };
    await audit({
      action: active ? "tenant.activate" : "tenant.deactivate",
      resource: "tenant",
      resourceId: id,
      tenantId: id,
      before: { isActive: before.isActive },
      after: { isActive: active },
    });
    return after;
  });
  await scope.tenants.invalidate();
  return updated;
}

/**
 * Deletes a tenant and everything of it (every tenant table cascades from `tenants`), once the
 * admin typed its subdomain; refused while parties wait. Its platform audit rows stay.
 */
export async function deleteTenant(
  scope: BackofficeScope,
  id: string,
  confirmSlug: string,
): Promise<void> {
  await platformCommand(scope, async (trx, audit) => {
    const before = await lockTenant(trx, id);
    if (confirmSlug.toLowerCase() !== before.slug) {
      throw new DomainError("confirm_mismatch", { slug: before.slug });
    }
    const waiting = await countPeopleWaiting(trx, id);
    if (waiting > 0) throw new DomainError("tenant_has_waiting", { waiting });
    await deleteTenantRow(trx, id);
    await audit({
      action: "tenant.delete",
      resource: "tenant",
      resourceId: id,
      before: snapshot(before),
      after: null,
    });
  });
  await scope.tenants.invalidate();
}
