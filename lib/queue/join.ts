import type { Locale } from "../i18n/locales.ts";
import type { Platform } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import { runCommand } from "../events/command.ts";
import type { TenantScope } from "../scope.ts";
import { DomainError, notFoundError } from "../errors.ts";
import { findServiceType } from "./service_type_repo.ts";
import { randomDigits, randomToken } from "../random.ts";
import {
  countLiveEntries,
  findEntryByIdempotencyKey,
  findLiveEntryByPhone,
  insertEntry,
  nextTicketNumber,
} from "./entry_repo.ts";
import { describeEntry } from "./entry_place.ts";
import { type EntryView, formatTicket } from "./entry_view.ts";
import { findMerchantTimezone, lockQueue } from "./queue_repo.ts";
import { isOpenAt, localDate } from "./hours.ts";
import type { JoinQueueInput } from "./queue_schema.ts";
import { setQuotedWait } from "../analytics/analytics_repo.ts";

const RANK_STEP = 1024;

export interface JoinResult {
  entry: EntryView;
  /** False when an earlier join was returned (same phone still live, or a retried request). */
  created: boolean;
}

/**
 * Adds a party to a queue. The queue row is locked for the transaction, so concurrent joins
 * take turns: ticket numbers and positions never repeat and capacity holds. The lock covers only
 * the checks, the number and the insert; the place and quote in the answer are read after the
 * commit, so estimating a long line never holds up the next join.
 */
export async function joinQueue(
  scope: TenantScope,
  queueId: string,
  input: JoinQueueInput,
  options: {
    platform?: Platform;
    idempotencyKey?: string | null;
    /** Tickets this browser already holds (its cookie): proof it is the same customer. */
    knownSessionIds?: readonly string[];
    now?: Date;
    /**
     * The joined entry as its customer sees it, from a read model that already knows of this
     * commit (CustomerReads.joinedEntry); null or unset reads it in a transaction of its own.
     */
    view?: (queueId: string, sessionId: string) => Promise<EntryView | null>;
    /** The language the customer joined in: their notifications speak it. */
    locale?: Locale;
  } = {},
): Promise<JoinResult> {
  const { tenantId } = scope;
  const joined = await runCommand(scope, async ({ trx, record }) => {
    const queue = await lockQueue(trx, queueId);
    if (!queue || !queue.isActive) throw notFoundError("queue");
    const replay = options.idempotencyKey
      ? await findEntryByIdempotencyKey(trx, queueId, options.idempotencyKey)
      : null;
    if (replay) {
      // A retry must repeat the same request; a key alone never hands out someone's ticket.
      if (replay.customerPhone !== input.customerPhone) {
        throw new DomainError("idempotency_key_reused");
      }
      return { row: replay, queue, created: false };
    }
    const samePhone = await findLiveEntryByPhone(trx, queueId, input.customerPhone);
    if (samePhone) {
      // Only the browser that holds the ticket gets it back: a phone number is no secret.
      if (options.knownSessionIds?.includes(samePhone.sessionId)) {
        return { row: samePhone, queue, created: false };
      }
      throw new DomainError("phone_already_queued");
    }
    if (!queue.acceptingCustomers) {
      throw new DomainError("not_accepting", { queue: queue.name });
    }
    const hours = { start: queue.businessHoursStart, end: queue.businessHoursEnd };
    const timeZone = await findMerchantTimezone(trx, queue.merchantId);
    const now = options.now ?? new Date();
    if (!isOpenAt(hours, timeZone, now)) {
      throw new DomainError("outside_hours", {
        queue: queue.name,
        opens: hours.start,
        closes: hours.end,
      });
    }
    const serviceType = input.serviceTypeId
      ? await findServiceType(trx, queueId, input.serviceTypeId)
      : null;
    if (input.serviceTypeId && !serviceType) {
      throw new DomainError("invalid_input", {
        fields: { serviceTypeId: "Choose one of this queue's service types" },
      });
    }
    const counts = await countLiveEntries(trx, queueId);
    if (counts.live >= queue.maxCapacity) {
      throw new DomainError("queue_full", { queue: queue.name, capacity: queue.maxCapacity });
    }
    const serviceDate = localDate(timeZone, now);
    const ticket = await nextTicketNumber(trx, tenantId, queueId, serviceDate);
    const row = await insertEntry(trx, {
      tenantId,
      queueId,
      customerName: input.customerName,
      customerPhone: input.customerPhone,
      partySize: input.partySize,
      notes: input.notes ?? null,
      customerEmail: input.customerEmail ?? null,
      platform: options.platform ?? "web",
      sortRank: counts.maxRank + RANK_STEP,
      sessionId: randomToken(24),
      ticketNumber: formatTicket(queue.ticketPrefix, ticket),
      verificationCode: randomDigits(4),
      idempotencyKey: options.idempotencyKey ?? null,
      serviceTypeId: serviceType?.id ?? null,
      serviceDate,
      locale: options.locale ?? "en",
    });
    record("entry.joined", { queueId, entryId: row.id });
    return { row, queue, created: true };
  });
  const entry = await options.view?.(queueId, joined.row.sessionId) ?? await withTenant(
    scope.db,
    tenantId,
    (trx) => describeEntry(trx, joined.row, joined.queue, options.now?.getTime()),
  );
  // The quote the party was given, kept so analytics can compare it with the actual wait.
  if (joined.created) {
    await withTenant(
      scope.db,
      tenantId,
      (trx) => setQuotedWait(trx, joined.row.id, entry.estimatedWaitTime),
    );
  }
  return { entry, created: joined.created };
}
