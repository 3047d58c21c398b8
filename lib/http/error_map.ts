import {
  DomainError,
  type DomainErrorCode,
  type DomainErrorParams,
  type Resource,
} from "../errors.ts";
import { isDatabaseUnavailable } from "../db/db_errors.ts";
import { HttpError } from "./errors.ts";

/** How one domain code reads over HTTP: its status, its message, and headers it needs. */
interface ErrorRule<C extends DomainErrorCode> {
  status: number;
  message(params: DomainErrorParams[C]): string;
  headers?(params: DomainErrorParams[C]): Record<string, string>;
}

const RESOURCE_WORDS: Record<Resource, string> = {
  queue: "Queue not found",
  entry: "Queue entry not found",
  entry_link: "No queue entry found for this link",
  recovery: "No waiting party matches that phone number and code",
  user: "User not found",
  api_key: "API key not found",
  service_type: "Service type not found",
  merchant: "Location not found",
  tenant: "Tenant not found",
  backoffice_user: "Back-office user not found",
  audit_log: "Audit entry not found",
  device: "Display or kiosk not found",
};

const retryAfter = (p: { retryAfter: number }) => ({ "Retry-After": String(p.retryAfter) });

/**
 * The one place a domain code becomes a status and words (English today; the words are keyed
 * by code, so a catalogue per language can replace them).
 */
const RULES: { [C in DomainErrorCode]: ErrorRule<C> } = {
  not_found: { status: 404, message: (p) => RESOURCE_WORDS[p.resource] },
  invalid_input: { status: 422, message: () => "Please check the highlighted fields" },
  invalid_text: {
    status: 422,
    message: () => "Text may not contain control or broken characters",
  },
  queue_full: {
    status: 409,
    message: (p) => `${p.queue} is full (${p.capacity} parties); please try again later`,
  },
  not_accepting: {
    status: 409,
    message: (p) => `${p.queue} is not taking new customers right now`,
  },
  outside_hours: {
    status: 409,
    message: (p) => `${p.queue} is closed now; it takes customers from ${p.opens} to ${p.closes}`,
  },
  phone_already_queued: {
    status: 409,
    message: () =>
      "This phone number already has a place in this queue; open your ticket link, " +
      "or use Find my place with the code shown when you joined",
  },
  idempotency_key_reused: {
    status: 409,
    message: () => "This Idempotency-Key was already used for another join",
  },
  illegal_transition: {
    status: 409,
    message: (p) => `Cannot ${actionPhrase(p.action, p.ticket)}: it is ${statusWords(p.from)}`,
  },
  not_waiting: {
    status: 409,
    message: (p) =>
      p.action === "move"
        ? `Cannot move ${p.ticket}: it is no longer waiting`
        : `Cannot call ${p.ticket}: no longer waiting`,
  },
  not_waiting_many: {
    status: 409,
    message: (p) => `Cannot call ${p.tickets.join(", ")}: no longer waiting; nobody was called`,
  },
  move_before_itself: { status: 409, message: () => "An entry cannot move before itself" },
  move_target_gone: {
    status: 409,
    message: () => "The place you dropped it on is no longer in the waiting line",
  },
  nobody_waiting: { status: 409, message: () => "Nobody is waiting in this queue" },
  cancellation_not_allowed: {
    status: 403,
    message: () => "This queue does not take cancellations online; please tell the staff",
  },
  entry_ended: {
    status: 409,
    message: () => "Your place has already ended; there is nothing to cancel",
  },
  confirm_before_call: {
    status: 409,
    message: () => "You can confirm once you have been called",
  },
  queue_not_empty: {
    status: 409,
    message: (p) =>
      `${p.live} part${p.live === 1 ? "y is" : "ies are"} still in ${p.queue}; ` +
      "stop taking customers and serve them before deleting it",
  },
  no_location: { status: 409, message: () => "This tenant has no location yet" },
  nothing_to_resend: {
    status: 409,
    message: () => "No notification was sent to this party yet, so there is nothing to resend",
  },
  plan_limit: {
    status: 403,
    message: (p) =>
      p.limit === "maxQueuesPerMerchant"
        ? `Your plan allows ${p.max} queue${p.max === 1 ? "" : "s"} per location ` +
          "(maxQueuesPerMerchant); delete a queue or upgrade the plan"
        : `Your plan allows ${p.max} users (maxUsersPerTenant); deactivate someone or upgrade`,
  },
  owner_required: { status: 403, message: () => "Only an owner can manage owners" },
  last_owner: {
    status: 409,
    message: () => "A tenant needs at least one active owner; make someone else owner first",
  },
  email_taken: { status: 409, message: () => "That address already has an account here" },
  locked_out: {
    status: 429,
    message: (p) =>
      p.subject === "account"
        ? `Too many failed sign-ins for this account; try again in ${p.retryAfter} seconds`
        : `Too many wrong codes for this phone; try again in ${p.retryAfter} seconds`,
    headers: retryAfter,
  },
  busy: {
    status: 503,
    message: () => "Too many sign-ins at once; please try again in a few seconds",
    headers: retryAfter,
  },
  reset_link_invalid: {
    status: 400,
    message: () => "This link is invalid or has expired; ask for a new one",
  },
  sso_refused: { status: 403, message: (p) => p.reason },
  chat_rate_limited: {
    status: 429,
    message: (p) => `Too many messages; please wait ${p.retryAfter} seconds`,
    headers: retryAfter,
  },
  chat_closed: { status: 409, message: () => "This visit has ended; the chat is closed" },
  slug_taken: {
    status: 409,
    message: (p) => `The subdomain "${p.slug}" is taken; choose another`,
  },
  domain_taken: {
    status: 409,
    message: (p) => `Another tenant already serves ${p.domain}`,
  },
  tenant_has_waiting: {
    status: 409,
    message: (p) =>
      `${p.waiting} part${p.waiting === 1 ? "y is" : "ies are"} waiting in this tenant's queues; ` +
      "deactivate it and let them be served before deleting it",
  },
  confirm_mismatch: {
    status: 422,
    message: (p) => `Type the subdomain "${p.slug}" exactly to confirm the deletion`,
  },
  self_deactivation: { status: 409, message: () => "You cannot deactivate your own account" },
  own_account: {
    status: 403,
    message: () =>
      "You cannot change your own role or deactivate yourself; ask another owner or admin",
  },
  no_show_before_call: {
    status: 409,
    message: (p) =>
      `${p.ticket} has not been called yet, so it cannot be a no-show; call it first, or cancel it`,
  },
  nothing_to_undo: {
    status: 409,
    message: (p) => `There is nothing to undo for ${p.ticket}: it is not seated or completed`,
  },
  undo_expired: {
    status: 409,
    message: (p) =>
      `Too late to undo: ${p.ticket} was ${
        p.action === "seat" ? "seated" : "completed"
      } more than ${p.seconds} seconds ago`,
  },
};

const ACTION_PHRASES: Record<string, (ticket: string) => string> = {
  "no-show": (t) => `mark ${t} as a no-show`,
};

function actionPhrase(action: string, ticket: string): string {
  return ACTION_PHRASES[action]?.(ticket) ?? `${action} ${ticket}`;
}

const STATUS_WORDS: Record<string, string> = {
  waiting: "waiting",
  called: "already called",
  seated: "already seated",
  completed: "already completed",
  cancelled: "cancelled",
  no_show: "marked as a no-show",
};

function statusWords(status: string): string {
  return STATUS_WORDS[status] ?? status;
}

/** A domain error as the HTTP edge answers it: status, code, words, fields and headers. */
export function mapDomainError(err: DomainError): HttpError {
  const rule = RULES[err.code] as ErrorRule<DomainErrorCode>;
  const params = err.params as DomainErrorParams[DomainErrorCode];
  const message = rule.message(params);
  const fields = err.code === "invalid_input"
    ? (err.params as DomainErrorParams["invalid_input"]).fields
    : err.code === "email_taken"
    ? { email: message }
    : err.code === "slug_taken"
    ? { slug: message }
    : err.code === "domain_taken"
    ? { domain: message }
    : err.code === "confirm_mismatch"
    ? { confirmSlug: message }
    : undefined;
  return new HttpError(rule.status, message, {
    code: err.code,
    fields,
    headers: rule.headers?.(params),
  });
}

/**
 * Any error the edge knows how to answer, as an HttpError; `null` for a failure it does not
 * know (a 500). Routes use it to put a refusal back on the page that caused it.
 */
export function asHttpError(err: unknown): HttpError | null {
  if (err instanceof HttpError) return err;
  if (err instanceof DomainError) return mapDomainError(err);
  if (isDatabaseUnavailable(err)) return databaseUnavailable();
  return null;
}

/** Seconds a client should wait before retrying while the database is unavailable. */
const DATABASE_RETRY_AFTER_SECONDS = 2;

/** The database is down, failing over or timed out: a short wait and a retry will do. */
function databaseUnavailable(): HttpError {
  return new HttpError(503, "The service is briefly unavailable; please try again in a moment", {
    code: "unavailable",
    headers: { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) },
  });
}
