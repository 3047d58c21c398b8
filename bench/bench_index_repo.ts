import { type Kysely, sql } from "kysely";
import type { Database } from "../lib/db/schema.ts";

/** Drops the "just finished" index, to measure the read without it (bench only). */
export async function dropRecentlyFinishedIndex(db: Kysely<Database>): Promise<void> {
  await sql`drop index if exists queue_entries_recently_finished_idx`.execute(db);
}
