import { type Kysely, sql } from "kysely";
import type { Database } from "../../lib/db/schema.ts";

/** Server-level setup for a throwaway test database, run as the test server's superuser. */
export async function createScratchDatabase(admin: Kysely<Database>, name: string): Promise<void> {
  await sql`do $$ begin
    if not exists (select from pg_roles where rolname = 'qms_app') then
      create role qms_app login password 'qms_app' nosuperuser nobypassrls;
    end if;
  end $$`.execute(admin);
  await sql`alter role qms_app login password 'qms_app'`.execute(admin);
  await sql`create database ${sql.id(name)}`.execute(admin);
}

export async function dropScratchDatabase(admin: Kysely<Database>, name: string): Promise<void> {
  await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
}

/** Cuts every connection the app role holds to database `name`, as a restart or failover would. */
export async function terminateAppConnections(
  admin: Kysely<Database>,
  name: string,
): Promise<number> {
  const { rows } = await sql<{ terminated: boolean }>`
    select pg_terminate_backend(pid) as terminated from pg_stat_activity
    where usename = 'qms_app' and datname = ${name}
  `.execute(admin);
  return rows.filter((r) => r.terminated).length;
}

/** Holds a queue's row lock (as a staff action would) until `fn` settles. */
export async function whileQueueLocked<T>(
  owner: Kysely<Database>,
  queueId: string,
  fn: () => Promise<T>,
): Promise<T> {
  return await owner.transaction().execute(async (trx) => {
    await sql`select id from queues where id = ${queueId} for update`.execute(trx);
    return await fn();
  });
}

/** A statement that takes `seconds` on the server, to meet statement_timeout. */
export async function sleepInDatabase(db: Kysely<Database>, seconds: number): Promise<void> {
  await sql`select pg_sleep(${seconds})`.execute(db);
}

/** Lets (or stops) anyone open new connections to database `name`: a database that is down. */
export async function allowConnections(
  admin: Kysely<Database>,
  name: string,
  allowed: boolean,
): Promise<void> {
  await sql`alter database ${sql.id(name)} with allow_connections ${sql.raw(String(allowed))}`
    .execute(admin);
}

/** Cuts the realtime listeners' connections to database `name` (a dropped LISTEN connection). */
export async function terminateRealtimeListeners(
  admin: Kysely<Database>,
  name: string,
): Promise<number> {
  const { rows } = await sql<{ terminated: boolean }>`
    select pg_terminate_backend(pid) as terminated from pg_stat_activity
    where application_name = 'qms_realtime_listener' and datname = ${name}
  `.execute(admin);
  return rows.filter((r) => r.terminated).length;
}

/** How many realtime listeners are connected to database `name`. */
export async function countRealtimeListeners(
  admin: Kysely<Database>,
  name: string,
): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from pg_stat_activity
    where application_name = 'qms_realtime_listener' and datname = ${name}
  `.execute(admin);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Holds a queue's row lock while `during` runs and, once a statement calling `function` waits
 * for that lock (seen in pg_stat_activity), changes the queue with `change` in the same
 * transaction: the waiter gets the lock after a commit that changed the row it had read.
 */
export async function changeQueueUnderWaiter<T>(
  owner: Kysely<Database>,
  queueId: string,
  waiterFunction: string,
  change: Record<string, unknown>,
  during: () => Promise<T>,
): Promise<T> {
  let pending: Promise<T> | undefined;
  await owner.transaction().execute(async (trx) => {
    await sql`select id from queues where id = ${queueId} for update`.execute(trx);
    pending = during();
    for (let i = 0; i < 500; i++) {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
        where wait_event_type = 'Lock' and query like ${`%${waiterFunction}(%`}
      `.execute(owner);
      if ((rows[0]?.n ?? 0) > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await trx.updateTable("queues").set(change).where("id", "=", queueId).execute();
  });
  return await pending!;
}
