/**
 * The SQL of the PostgreSQL realtime source: one channel, `qms_realtime`, whose payloads name
 * the realtime topics (KV keys) that changed.
 */
import { type Kysely, sql } from "kysely";
import type pg from "pg";
import type { Database } from "../db/schema.ts";

export const REALTIME_CHANNEL = "qms_realtime";

/** Tells every listening process that the topics in `payload` changed (delivered on commit). */
export async function notifyRealtime(db: Kysely<Database>, payload: string): Promise<void> {
  await sql`select pg_notify(${REALTIME_CHANNEL}, ${payload})`.execute(db);
}

/** Starts receiving `qms_realtime` notifications on this (dedicated) connection. */
export async function listenForRealtime(client: pg.Client): Promise<void> {
  await client.query(`listen ${REALTIME_CHANNEL}`);
}
