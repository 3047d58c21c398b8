import type { Locale } from "../i18n/locales.ts";
import type { Platform } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import type { TenantScope } from "../scope.ts";
import { DomainError, notFoundError } from "../errors.ts";
import { findServiceType, type ServiceTypeRow } from "./service_type_repo.ts";
import { randomDigits, randomToken } from "../random.ts";
import { type EntryRow, findEntryBySessionId } from "./entry_repo.ts";
import {
  type JoinAttempt,
  joinQueueEntryAlone,
  type JoinTerms,
  readQueueForJoin,
} from "./join_repo.ts";
import type { QueueRow } from "./queue_repo.ts";
import { phoneLookup } from "../phone/phone_number.ts";
import { newEvent } from "../events/event_types.ts";
import { durableHandlersFor } from "../events/subscriptions.ts";
import { describeEntry } from "./entry_place.ts";
import type { EntryView } from "./entry_view.ts";
import { isOpenAt, localDate } from "./hours.ts";
import type { JoinQueueInput } from "./queue_schema.ts";
import { writeQuotedWait } from "../analytics/quote_writer.ts";
import { joinTermsCache } from "./join_terms_cache.ts";
import { RANK_STEP } from "./rank.ts";

export interface JoinResult {
  entry: EntryView;
  /** False when an earlier join was returned (same phone still live, or a retried request). */
  created: boolean;
}

/**
 * Adds a party to a queue. The join is one statement that locks the queue row and is its own
 * transaction (joinQueueEntryAlone), so concurrent joins take turns: ticket numbers and
 * positions never repeat and capacity holds. The lock covers only the checks, the number and
 * the insert, and ends inside the server; the place and quote in the answer are read after the
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
    serviceTypeId: null as string | null,
    serviceDate: "",
    locale: options.locale ?? "en",
    phoneForms: options.callingCode
      ? phoneLookup(input.customerPhone, options.callingCode).forms
      : [input.customerPhone],
  };
  // Judge the join by the queue as read (this process's read of a moment ago when it has one),
  // then join in one statement that takes the queue's lock, checks the terms still hold and is
  // its own transaction; when they changed meanwhile, read again and try again (four tries).
  let joined: { row: EntryRow; queue: QueueRow; created: boolean } | null = null;
  for (let tries = 0; !joined; tries++) {
    if (tries > 3) throw new Error("join: the queue's terms kept changing");
    const { read, serviceType } = await readForJoin(scope, queueId, input, tries === 0);
    if (!read || !read.queue.isActive) throw notFoundError("queue");
    const { queue, timeZone } = read;
    const hours = { start: queue.businessHoursStart, end: queue.businessHoursEnd };
    const open = isOpenAt(hours, timeZone, now);
    const serviceTypeOk = !input.serviceTypeId || serviceType !== null;
    newEntry.serviceTypeId = serviceType?.id ?? null;
    newEntry.serviceDate = localDate(timeZone, now);
    let attempt: JoinAttempt;
    try {
      attempt = await joinQueueEntryAlone(
        scope.db,
        tenantId,
        queueId,
        read.terms,
        queue.acceptingCustomers && open && serviceTypeOk,
        newEntry,
        { event, pending: durableHandlersFor(event.type) },
      );
    } catch (err) {
      // The statement is its own transaction: a connection lost after it was sent leaves the
      // app not knowing whether it committed. It did if the party is there.
      const landed = await withTenant(
        scope.db,
        tenantId,
        (trx) => findEntryBySessionId(trx, newEntry.sessionId),
      ).catch(() => null);
      if (!landed) throw err;
      // Without the committed change: this process's read models read the line again.
      scope.afterCommit([event]);
      joined = { row: landed, queue, created: true };
      break;
    }
    if (attempt.outcome === "missing") {
      joinTermsCache.drop(scope.db, tenantId, queueId);
      throw notFoundError("queue");
    }
    if (attempt.outcome === "changed") {
      joinTermsCache.drop(scope.db, tenantId, queueId);
      continue;
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
      // The statement wrote the event to the outbox: it is delivered like a command's.
      scope.afterCommit([event]);
      joined = { row, queue, created: true };
      break;
    }
    const held = attempt.replay ?? (
      attempt.samePhone && options.knownSessionIds?.includes(attempt.samePhone)
        ? attempt.samePhone
        : null
    );
    const earlier = held
      ? await withTenant(scope.db, tenantId, (trx) => findEntryBySessionId(trx, held))
      : null;
    if (attempt.replay) {
      // A retry must repeat the same request; a key alone never hands out someone's ticket.
      if (!earlier || earlier.customerPhone !== input.customerPhone) {
        throw new DomainError("idempotency_key_reused");
      }
      joined = { row: earlier, queue, created: false };
      break;
    }
    if (attempt.samePhone) {
      // Only the browser that holds the ticket gets it back: a phone number is no secret.
      if (earlier) {
        joined = { row: earlier, queue, created: false };
        break;
      }
      throw new DomainError("phone_already_queued");
    }
    throw refusal(queue, open, serviceTypeOk);
  }
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

/**
 * The queue as a join judges it (this process's read of a moment ago on a first try, when it
 * has one) and the service type asked for, in one transaction when either must be read.
 */
async function readForJoin(
  scope: TenantScope,
  queueId: string,
  input: JoinQueueInput,
  mayUseCache: boolean,
): Promise<{ read: JoinTerms | null; serviceType: ServiceTypeRow | null }> {
  const { tenantId } = scope;
  const cached = mayUseCache ? joinTermsCache.get(scope.db, tenantId, queueId) ?? null : null;
  if (cached && !input.serviceTypeId) return { read: cached, serviceType: null };
  return await withTenant(scope.db, tenantId, async (trx) => {
    // A queue's service types do not change with its line.
    const serviceType = input.serviceTypeId
      ? await findServiceType(trx, queueId, input.serviceTypeId)
      : null;
    let read = cached;
    if (!read) {
      read = await readQueueForJoin(trx, queueId);
      if (read) joinTermsCache.set(scope.db, tenantId, read);
    }
    return { read, serviceType };
  });
}

/** Why a queue refused a join that was not a retry or the same phone's. */
function refusal(queue: QueueRow, open: boolean, serviceTypeOk: boolean): DomainError {
  if (!queue.acceptingCustomers) return new DomainError("not_accepting", { queue: queue.name });
  if (!open) {
    return new DomainError("outside_hours", {
      queue: queue.name,
      opens: queue.businessHoursStart,
      closes: queue.businessHoursEnd,
    });
  }
  if (!serviceTypeOk) {
    return new DomainError("invalid_input", {
      fields: { serviceTypeId: "Choose one of this queue's service types" },
    });
  }
  return new DomainError("queue_full", { queue: queue.name, capacity: queue.maxCapacity });
}
