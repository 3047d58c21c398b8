import { sql } from "kysely";
import type { Plan } from "../db/schema.ts";
import type { Tx } from "../db/transaction_repo.ts";

/** Platform-wide figures for the back-office dashboard (platform path: every tenant). */

export async function tenantFigures(trx: Tx) {
  const { rows } = await sql<{
    active: number;
    inactive: number;
    week: number;
    month: number;
  }>`select count(*) filter (where is_active)::int as active,
      count(*) filter (where not is_active)::int as inactive,
      count(*) filter (where created_at >= now() - interval '7 days')::int as week,
      count(*) filter (where created_at >= now() - interval '30 days')::int as month
    from tenants`.execute(trx);
  return rows[0]!;
}

/** Tenants created per month, the last six months (oldest first; months without any are 0). */
export async function tenantGrowth(trx: Tx): Promise<Array<{ month: string; count: number }>> {
  const { rows } = await sql<{ month: string; count: number }>`
    select to_char(m, 'YYYY-MM') as month,
      (select count(*)::int from tenants t where date_trunc('month', t.created_at) = m) as count
    from generate_series(date_trunc('month', now()) - interval '5 months',
      date_trunc('month', now()), interval '1 month') as m
    order by m`.execute(trx);
  return rows;
}

export async function servedFigures(trx: Tx) {
  const { rows } = await sql<{ today: number; week: number; month: number }>`
    select count(*) filter (where at >= date_trunc('day', now()))::int as today,
      count(*) filter (where at >= now() - interval '7 days')::int as week,
      count(*)::int as month
    from (select coalesce(completed_at, served_at) as at from queue_entries
      where status in ('seated', 'completed')
        and coalesce(completed_at, served_at) >= now() - interval '30 days') served`
    .execute(trx);
  return rows[0]!;
}

export async function liveFigures(trx: Tx) {
  const { rows } = await sql<{ open: number; waiting: number }>`
    select (select count(*)::int from queues
        where is_active and accepting_customers and deleted_at is null) as open,
      (select count(*)::int from queue_entries where status = 'waiting') as waiting`
    .execute(trx);
  return rows[0]!;
}

export async function notificationFigures(trx: Tx) {
  const { rows } = await sql<{ sent: number; failed: number }>`
    select count(*) filter (where status in ('SENT', 'DELIVERED'))::int as sent,
      count(*) filter (where status in ('FAILED', 'BOUNCED'))::int as failed
    from notification_logs where sent_at >= now() - interval '24 hours'`.execute(trx);
  return rows[0]!;
}

/** Paying subscriptions per plan: active tenants whose subscription is active or past due. */
export async function subscriptionsByPlan(trx: Tx): Promise<Array<{ plan: Plan; n: number }>> {
  return await trx.selectFrom("tenantSubscriptions as s").innerJoin(
    "tenants as t",
    "t.id",
    "s.tenantId",
  )
    .select(["s.plan", sql<number>`count(*)::int`.as("n")])
    .where("t.isActive", "=", true).where("s.status", "in", ["active", "past_due"])
    .groupBy("s.plan").execute();
}

export async function databaseRoundTrip(trx: Tx): Promise<void> {
  await sql`select 1`.execute(trx);
}

export function newestTenants(trx: Tx) {
  return trx.selectFrom("tenants").select(["id", "name", "slug", "isActive", "createdAt"])
    .orderBy("createdAt", "desc").orderBy("name").limit(10).execute();
}
