import { withTenant } from "../db/transaction_repo.ts";
import type { TenantScope } from "../scope.ts";
import type { AnalyticsQuery } from "./analytics_schema.ts";
import { findTenantTimeZone } from "./analytics_repo.ts";
import { type ExportRow, listExportPage, listQueueNamesById } from "./export_repo.ts";
import { localClock } from "./local_time.ts";
import { round } from "./summary.ts";
import { resolveWindow, type Window } from "./window.ts";

const PAGE_ROWS = 500;

export const EXPORT_COLUMNS = [
  "ticket",
  "queue",
  "channel",
  "partySize",
  "status",
  "joinedAt",
  "calledAt",
  "seatedAt",
  "completedAt",
  "quotedWaitMinutes",
  "actualWaitMinutes",
] as const;

type ExportRecord = Record<typeof EXPORT_COLUMNS[number], string | number | null>;

function iso(d: Date | null): string | null {
  return d ? new Date(d).toISOString() : null;
}

/** One entry as exported: times in ISO-8601 (UTC), waits in minutes. */
export function toExportRecord(r: ExportRow, queueName: string): ExportRecord {
  const actual = r.calledAt
    ? round((new Date(r.calledAt).getTime() - new Date(r.joinedAt).getTime()) / 60_000, 1)
    : null;
  return {
    ticket: r.ticketNumber,
    queue: queueName,
    channel: r.platform,
    partySize: r.partySize,
    status: r.status,
    joinedAt: iso(r.joinedAt),
    calledAt: iso(r.calledAt),
    seatedAt: iso(r.servedAt),
    completedAt: iso(r.completedAt),
    quotedWaitMinutes: r.quotedWaitMinutes,
    actualWaitMinutes: actual,
  };
}

/** A CSV cell; text a spreadsheet would run as a formula is prefixed with `'`. */
function csvCell(v: string | number | null): string {
  if (v === null) return "";
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export interface ExportStream {
  window: Window;
  timeZone: string;
  body: ReadableStream<Uint8Array>;
}

/**
 * Streams a window's entries as CSV (a header row, then one row per entry) or JSON. Pages are
 * read only when the client takes the previous one (a pull stream), so a year of entries needs
 * the memory of one page, never the whole file.
 */
export async function exportEntries(
  scope: TenantScope,
  query: AnalyticsQuery,
  format: "csv" | "json",
  now = new Date(),
): Promise<ExportStream> {
  const { timeZone, queues } = await withTenant(scope.db, scope.tenantId, async (trx) => ({
    timeZone: await findTenantTimeZone(trx),
    queues: await listQueueNamesById(trx),
  }));
  const window = resolveWindow(query, localClock(timeZone), now);
  const encoder = new TextEncoder();
  let after: { cursor: string; id: string } | null = null;
  let first = true;
  let done = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const head = format === "csv"
        ? `${EXPORT_COLUMNS.join(",")}\r\n`
        : `{"timeZone":${JSON.stringify(timeZone)},"period":${
          JSON.stringify({ label: window.label, from: iso(window.start), to: iso(window.end) })
        },"entries":[`;
      controller.enqueue(encoder.encode(head));
    },
    async pull(controller) {
      if (done) return;
      const rows = await withTenant(
        scope.db,
        scope.tenantId,
        (trx) => listExportPage(trx, { from: window.start, to: window.end }, after, PAGE_ROWS),
      );
      let chunk = "";
      for (const r of rows) {
        const rec = toExportRecord(r, queues.get(r.queueId) ?? "");
        if (format === "csv") {
          chunk += EXPORT_COLUMNS.map((k) => csvCell(rec[k])).join(",") + "\r\n";
        } else {
          chunk += (first ? "\n" : ",\n") + JSON.stringify(rec);
          first = false;
        }
      }
      const last = rows[rows.length - 1];
      if (last) after = { cursor: last.cursor, id: last.id };
      if (rows.length < PAGE_ROWS) {
        done = true;
        if (format === "json") chunk += "\n]}\n";
      }
      if (chunk) controller.enqueue(encoder.encode(chunk));
      if (done) controller.close();
    },
  }, { highWaterMark: 1 });
  return { window, timeZone, body };
}
