import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { withPlatform } from "../db/transaction_repo.ts";
import type { AuditFilter } from "./audit_filter.ts";
import { type AuditRow, listAuditBatch } from "./audit_query_repo.ts";

const BATCH = 500;
const HEADER = [
  "created_at",
  "tenant_id",
  "user_id",
  "user_type",
  "action",
  "resource",
  "resource_id",
  "ip_address",
  "user_agent",
  "details",
];

/** One CSV field (RFC 4180), with a leading = + - @ defused so a spreadsheet runs no formula. */
export function csvField(value: unknown): string {
  let s = value === null || value === undefined
    ? ""
    : value instanceof Date
    ? value.toISOString()
    : typeof value === "object"
    ? JSON.stringify(value)
    : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function line(r: AuditRow): string {
  return [
    r.createdAt,
    r.tenantId,
    r.userId,
    r.userType,
    r.action,
    r.resource,
    r.resourceId,
    r.ipAddress,
    r.userAgent,
    r.details,
  ].map(csvField).join(",") + "\r\n";
}

/**
 * The filtered audit log as CSV, streamed: read in batches of 500 (keyset, newest first), each
 * batch in its own short transaction, written as the client reads, so an export of any size
 * holds neither a connection nor the whole log in memory.
 */
export function auditCsvStream(
  db: Kysely<Database>,
  filter: AuditFilter,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: { createdAt: Date; id: string } | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(HEADER.join(",") + "\r\n"));
      }
      const rows = await withPlatform(db, (trx) => listAuditBatch(trx, filter, after, BATCH));
      if (rows.length > 0) {
        controller.enqueue(encoder.encode(rows.map(line).join("")));
        const last = rows[rows.length - 1]!;
        after = { createdAt: last.createdAt, id: last.id };
      }
      if (rows.length < BATCH) controller.close();
    },
  }, { highWaterMark: 1 });
}
