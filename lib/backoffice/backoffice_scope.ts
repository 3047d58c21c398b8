import type { Kysely } from "kysely";
import type { PlatformActor } from "../audit/platform_command.ts";
import type { Database } from "../db/schema.ts";
import type { DomainEvent } from "../events/event_types.ts";
import type { TenantDirectory } from "../tenant/tenant_directory.ts";

/**
 * What a back-office command needs: the platform path, who acts, and where changes go next.
 * `backofficeScope(c)` in lib/http/backoffice_scope.ts builds it from a request.
 */
export interface BackofficeScope {
  db: Kysely<Database>;
  kv: Deno.Kv;
  actor: PlatformActor;
  tenants: TenantDirectory;
  afterCommit: (events: DomainEvent[]) => void;
}
