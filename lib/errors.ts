/**
 * Refusals the domain can name. Domain code throws a `DomainError` with a stable code and its
 * parameters; the HTTP edge (`lib/http/error_map.ts`) gives each code a status and its words, so
 * nothing below `lib/http/` knows about HTTP, and messages can be translated by code.
 */

/** What a `not_found` refers to; the edge words it ("Queue not found"). */
export type Resource =
  | "queue"
  | "entry"
  | "entry_link"
  | "recovery"
  | "user"
  | "api_key"
  | "service_type"
  | "merchant"
  | "tenant"
  | "backoffice_user"
  | "audit_log"
  | "device";

/** Every code with the parameters its message needs. */
export interface DomainErrorParams {
  not_found: { resource: Resource };
  /** A field-level refusal the schema could not see (e.g. a service type of another queue). */
  invalid_input: { fields: Record<string, string> };
  /** Text the database cannot store (a NUL character, a lone surrogate). */
  invalid_text: Record<string, never>;
  queue_full: { queue: string; capacity: number };
  not_accepting: { queue: string };
  outside_hours: { queue: string; opens: string; closes: string };
  phone_already_queued: Record<string, never>;
  idempotency_key_reused: Record<string, never>;
  illegal_transition: { ticket: string; action: string; from: string; to: string };
  not_waiting: { ticket: string; action: "move" | "call" };
  not_waiting_many: { tickets: string[] };
  move_before_itself: Record<string, never>;
  move_target_gone: Record<string, never>;
  nobody_waiting: Record<string, never>;
  cancellation_not_allowed: Record<string, never>;
  entry_ended: Record<string, never>;
  confirm_before_call: Record<string, never>;
  queue_not_empty: { queue: string; live: number };
  no_location: Record<string, never>;
  plan_limit: { limit: "maxQueuesPerMerchant" | "maxUsersPerTenant"; max: number };
  owner_required: Record<string, never>;
  last_owner: Record<string, never>;
  email_taken: Record<string, never>;
  locked_out: { retryAfter: number; subject: "account" | "phone" };
  busy: { retryAfter: number };
  reset_link_invalid: Record<string, never>;
  sso_refused: { reason: string };
  /** The ticket's chat took too many messages this minute. */
  chat_rate_limited: { retryAfter: number };
  /** The visit is over (completed, cancelled, no-show): its chat takes no new messages. */
  chat_closed: Record<string, never>;
  /** Resend asked for an entry that was never sent a notification. */
  nothing_to_resend: Record<string, never>;
  /** Another tenant has this subdomain (or took it a moment ago). */
  slug_taken: { slug: string };
  /** Another tenant serves this custom domain. */
  domain_taken: { domain: string };
  /** A tenant is not deleted while parties wait in its queues. */
  tenant_has_waiting: { waiting: number };
  /** A deletion's typed slug did not match the tenant's. */
  confirm_mismatch: { slug: string };
  /** A back-office admin cannot deactivate their own account. */
  self_deactivation: Record<string, never>;
  /** A staff member tried to change their own role or deactivate themselves. */
  own_account: Record<string, never>;
  /** No-show asked for a party that was never called (cancel it instead). */
  no_show_before_call: { ticket: string };
  /** Undo asked for an entry that is not seated or completed. */
  nothing_to_undo: { ticket: string };
  /** Undo asked for after its minute. */
  undo_expired: { ticket: string; action: "seat" | "complete"; seconds: number };
}

export type DomainErrorCode = keyof DomainErrorParams;

type ParamsArg<C extends DomainErrorCode> = Record<string, never> extends DomainErrorParams[C]
  ? [params?: DomainErrorParams[C]]
  : [params: DomainErrorParams[C]];

/** A refusal with a stable code; `params` fill its message at the edge. */
export class DomainError<C extends DomainErrorCode = DomainErrorCode> extends Error {
  readonly params: DomainErrorParams[C];

  constructor(readonly code: C, ...[params]: ParamsArg<C>) {
    super(code);
    this.name = "DomainError";
    this.params = (params ?? {}) as DomainErrorParams[C];
  }
}

/** True when `err` is a DomainError with this code (narrowing its params). */
export function isDomainError<C extends DomainErrorCode>(
  err: unknown,
  code: C,
): err is DomainError<C> {
  return err instanceof DomainError && err.code === code;
}

/** The resource was not found, or belongs to another tenant (the same answer either way). */
export function notFoundError(resource: Resource): DomainError<"not_found"> {
  return new DomainError("not_found", { resource });
}
