import type { Kysely } from "kysely";
import type { Actor } from "./audit/actor.ts";
import type { Database, Role } from "./db/schema.ts";
import type { DomainEvent } from "./events/event_types.ts";
import type { Logger } from "./log.ts";

/** What a committed command hands on: the dispatcher bumps pages and runs durable handlers. */
export type AfterCommit = (events: readonly DomainEvent[]) => void;

/**
 * Everything a domain function needs about who asks and where: one object instead of four to
 * six positional parameters. Built once per request by the area middleware.
 */
export interface Scope {
  db: Kysely<Database>;
  kv: Deno.Kv;
  log: Logger;
  /** Who acts, as the audit log records them. */
  actor: Actor;
  afterCommit: AfterCommit;
}

/** A scope inside one tenant: every query runs under its row-level security. */
export interface TenantScope extends Scope {
  tenantId: string;
}

/** A signed-in staff member's scope: their role decides whom they may manage. */
export interface StaffScope extends TenantScope {
  role: Role;
}
