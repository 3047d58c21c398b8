import type { Locale } from "../i18n/locales.ts";
import type { Platform } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import { runCommand } from "../events/command.ts";
import type { TenantScope } from "../scope.ts";
import { DomainError, notFoundError } from "../errors.ts";
import { findServiceType } from "./service_type_repo.ts";
import { randomDigits, randomToken } from "../random.ts";
import { type EntryRow, findEntryBySessionId } from "./entry_repo.ts";
import { joinQueueEntry, readQueueForJoin } from "./join_repo.ts";
import { phoneLookup } from "../phone/phone_number.ts";
import { newEvent } from "../events/event_types.ts";
import { durableHandlersFor } from "../events/subscriptions.ts";
import { describeEntry } from "./entry_place.ts";
import type { EntryView } from "./entry_view.ts";
import { isOpenAt, localDate } from "./hours.ts";
import type { JoinQueueInput } from "./queue_schema.ts";
import { writeQuotedWait } from "../analytics/quote_writer.ts";
import { joinTermsCache } from "./join_terms_cache.ts";

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
    /**
     * The calling code of numbers typed without one (config PHONE_COUNTRY_CODE): a live place
     * held as 0123… is the same phone's as +60123… (WhatsApp and SMS joins arrive that way).
     */
    callingCode?: string;
  } = {},
): Promise<JoinResult> {
  const { tenantId } = scope;
  const joined = await runCommand(scope, async ({ trx, recordWritten }) => {
    // Read before the lock: a queue's service types do not change with its line.
    const serviceType = input.serviceTypeId
      ? await findServiceType(trx, queueId, input.serviceTypeId)
      : null;
    const idempotencyKey = options.idempotencyKey ?? null;
    const now = options.now ?? new Date();
    const entryId = crypto.randomUUID();
    const event = newEvent("entry.joined", tenantId, { queueId, entryId });
    const newEntry = {
      id: entryId,
      tenantId,
      queueId,
      customerName: input.customerName,
      customerPhone: input.customerPhone,
      partySize: input.partySize,
      notes: input.notes ?? null,
      customerEmail: input.customerEmail ?? null,
      platform: options.platform ?? "web",
      rankStep: RANK_STEP,
      sessionId: randomToken(24),
      verificationCode: randomDigits(4),
      idempotencyKey,
      serviceTypeId: serviceType?.id ?? null,
      serviceDate: "",
      locale: options.locale ?? "en",
      phoneForms: options.callingCode
        ? phoneLookup(input.customerPhone, options.callingCode).forms
        : [input.customerPhone],
    };
    // Judge the join by the queue as read, then take the lock in one call that checks the
    // terms still hold; when they changed meanwhile, read again (now under the lock).
    // The first try may use this process's read of a moment ago: the lock checks it all the same.
    for (let tries = 0;; tries++) {
      let read = (tries === 0 ? joinTermsCache.get(scope.db, tenantId, queueId) : null) ?? null;
      if (!read) {
        read = await readQueueForJoin(trx, queueId);
        if (read) joinTermsCache.set(scope.db, tenantId, read);
      }
      if (!read || !read.queue.isActive) throw notFoundError("queue");
      const { queue, timeZone } = read;
      const hours = { start: queue.businessHoursStart, end: queue.businessHoursEnd };
      const open = isOpenAt(hours, timeZone, now);
      const serviceTypeOk = !input.serviceTypeId || serviceType !== null;
      newEntry.serviceDate = localDate(timeZone, now);
      const attempt = await joinQueueEntry(
        trx,
        queueId,
        read.terms,
        queue.acceptingCustomers && open && serviceTypeOk,
        newEntry,
        { event, pending: durableHandlersFor(event.type) },
      );
      if (attempt.outcome === "missing") {
        joinTermsCache.drop(scope.db, tenantId, queueId);
        throw notFoundError("queue");
      }
      if (attempt.outcome === "changed") {
        joinTermsCache.drop(scope.db, tenantId, queueId);
        if (tries < 3) continue;
        throw new Error("join: the queue's terms kept changing under the lock");
      }
      if (attempt.outcome === "joined") {
        const row: EntryRow = {
          id: entryId,
          queueId,
          customerName: newEntry.customerName,
          customerPhone: newEntry.customerPhone,
          partySize: newEntry.partySize,
          notes: newEntry.notes,
          status: "waiting",
          sessionId: newEntry.sessionId,
          ticketNumber: attempt.ticketNumber,
          sortRank: attempt.sortRank,
          verificationCode: newEntry.verificationCode,
          joinedAt: attempt.joinedAt,
          calledAt: null,
          confirmedAt: null,
          serviceTypeId: newEntry.serviceTypeId,
          version: 1,
          platform: newEntry.platform,
        };
        event.committed = {
          kind: "joined",
          entry: row,
          liveBefore: attempt.live,
          rankStep: RANK_STEP,
        };
        recordWritten(event);
        return { row, queue, created: true };
      }
      if (attempt.replay) {
        const replay = await findEntryBySessionId(trx, attempt.replay);
        // A retry must repeat the same request; a key alone never hands out someone's ticket.
        if (!replay || replay.customerPhone !== input.customerPhone) {
          throw new DomainError("idempotency_key_reused");
        }
        return { row: replay, queue, created: false };
      }
      if (attempt.samePhone) {
        // Only the browser that holds the ticket gets it back: a phone number is no secret.
        const held = options.knownSessionIds?.includes(attempt.samePhone)
          ? await findEntryBySessionId(trx, attempt.samePhone)
          : null;
        if (held) return { row: held, queue, created: false };
        throw new DomainError("phone_already_queued");
      }
      if (!queue.acceptingCustomers) {
        throw new DomainError("not_accepting", { queue: queue.name });
      }
      if (!open) {
        throw new DomainError("outside_hours", {
          queue: queue.name,
          opens: hours.start,
          closes: hours.end,
        });
      }
      if (!serviceTypeOk) {
        throw new DomainError("invalid_input", {
          fields: { serviceTypeId: "Choose one of this queue's service types" },
        });
      }
      throw new DomainError("queue_full", { queue: queue.name, capacity: queue.maxCapacity });
    }
  });
  const entry = await options.view?.(queueId, joined.row.sessionId) ?? await withTenant(
    scope.db,
    tenantId,
    (trx) => describeEntry(trx, joined.row, joined.queue, options.now?.getTime()),
  );
  // The quote the party was given, kept so analytics can compare it with the actual wait.
  if (joined.created) {
    await writeQuotedWait(scope.db, tenantId, joined.row.id, entry.estimatedWaitTime);
  }
  return { entry, created: joined.created };
}
