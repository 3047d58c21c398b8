import { type Kysely, sql } from "kysely";
import type { Database } from "./schema.ts";

export interface SessionTimeouts {
  statementTimeoutMs: number;
  lockTimeoutMs: number;
}

/** Sets the session's timeouts (PGlite, whose one session is opened once, not per connection). */
export async function setSessionTimeouts(
  db: Kysely<Database>,
  timeouts: SessionTimeouts,
): Promise<void> {
  await sql`select set_config('statement_timeout', ${String(timeouts.statementTimeoutMs)}, false),
    set_config('lock_timeout', ${String(timeouts.lockTimeoutMs)}, false)`.execute(db);
}

/** The session's timeouts as PostgreSQL reports them, e.g. `{ statement: "15s", lock: "5s" }`. */
export async function showSessionTimeouts(
  db: Kysely<Database>,
): Promise<{ statement: string; lock: string }> {
  const { rows } = await sql<{ statement: string; lock: string }>`
    select current_setting('statement_timeout') as statement,
      current_setting('lock_timeout') as lock
  `.execute(db);
  return rows[0]!;
}
