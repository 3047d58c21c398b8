import { type Kysely, sql } from "kysely";

/**
 * The board's undo strip reads, on every change of a queue, the parties seated or completed in
 * the last minute. Without this index that read walks every party the queue ever finished.
 * The expression is the one `lib/queue/undo_repo.ts` filters on.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index queue_entries_recently_finished_idx on queue_entries (
    queue_id,
    (case when status = 'completed' then completed_at else served_at end)
  ) where status in ('seated', 'completed')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists queue_entries_recently_finished_idx`.execute(db);
}
