import { sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";

export interface ExportRow {
  id: string;
  ticketNumber: string;
  queueId: string;
  platform: string;
  partySize: number;
  status: string;
  joinedAt: Date;
  calledAt: Date | null;
  servedAt: Date | null;
  completedAt: Date | null;
  quotedWaitMinutes: number | null;
  /** joined_at to the microsecond (a JS Date keeps milliseconds): where the next page starts. */
  cursor: string;
}

/**
 * One page of a window's entries in join order, after the last one sent (keyset paging: each
 * page is one short indexed read, however far into a year the export is).
 */
export async function listExportPage(
  trx: Tx,
  window: { from: Date; to: Date },
  after: { cursor: string; id: string } | null,
  limit: number,
): Promise<ExportRow[]> {
  let q = trx.selectFrom("queueEntries as e")
    .select([
      "e.id",
      "e.ticketNumber",
      "e.queueId",
      "e.platform",
      "e.partySize",
      "e.status",
      "e.joinedAt",
      "e.calledAt",
      "e.servedAt",
      "e.completedAt",
      "e.quotedWaitMinutes",
      sql<string>`e.joined_at::text`.as("cursor"),
    ])
    .where("e.joinedAt", ">=", window.from).where("e.joinedAt", "<", window.to);
  if (after) {
    // The plain bound lets the (tenant_id, joined_at) index start at the cursor; the row
    // comparison breaks ties. Without it every page rescans the window from its start.
    q = q.where(sql<boolean>`e.joined_at >= ${after.cursor}::timestamptz`).where(
      sql<boolean>`(e.joined_at, e.id) > (${after.cursor}::timestamptz, ${after.id}::uuid)`,
    );
  }
  return await q.orderBy("e.joinedAt").orderBy("e.id").limit(limit).execute();
}

/** Every queue's name, deleted ones too (their old entries still export). */
export async function listQueueNamesById(trx: Tx): Promise<Map<string, string>> {
  const rows = await trx.selectFrom("queues").select(["id", "name"]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
