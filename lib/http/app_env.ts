import type { AppDeps } from "../deps.ts";
import type { TenantContext } from "../tenant/tenant_directory.ts";
import type { SessionData } from "../auth/session_store.ts";
import type { Role } from "../db/schema.ts";
import type { StaffScope, TenantScope } from "../scope.ts";

export interface AppVariables {
  deps: AppDeps;
  requestId: string;
  nonce: string;
  clientIp: string;
  area: "tenant" | "backoffice";
  tenant: TenantContext | null;
  session: SessionData | null;
  sessionId: string | null;
  csrfToken: string;
  /** The platform's maintenance banner, shown on every tenant page (null when none). */
  banner: string | null;
}

export interface AppEnv {
  Variables: AppVariables;
  Bindings: { remoteAddr?: Deno.NetAddr };
}

/** A signed-in staff member of the request's tenant (a person or an API key). */
export type StaffSession = SessionData & { kind: "tenant"; tenantId: string; role: Role };

/** Routes below a tenant area's `_middleware.ts`: the tenant is known and a scope is built. */
export interface TenantEnv extends AppEnv {
  Variables: AppVariables & { tenant: TenantContext; scope: TenantScope };
}

/** Routes below a staff area: the signed-in staff member and a scope acting as them. */
export interface StaffEnv extends AppEnv {
  Variables: AppVariables & { tenant: TenantContext; staff: StaffSession; scope: StaffScope };
}

/** Routes below the signed-in back office. */
export interface BackofficeEnv extends AppEnv {
  Variables: AppVariables & { admin: SessionData & { kind: "backoffice" } };
}
