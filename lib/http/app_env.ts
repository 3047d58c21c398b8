import type { Kysely } from "kysely";
import type { Config } from "../config.ts";
import type { Database } from "../db/schema.ts";
import type { RealtimeHub } from "../realtime/hub.ts";
import type { Logger } from "../log.ts";
import type { TenantContext, TenantDirectory } from "../tenant/tenant_directory.ts";
import type { SessionData } from "../auth/session_store.ts";
import type { AssetUrls } from "../build/assets.ts";
import type { Mailer } from "../mail/mailer.ts";

/** Everything a request handler may reach, built once per process. */
export interface AppDeps {
  config: Config;
  db: Kysely<Database>;
  kv: Deno.Kv;
  hub: RealtimeHub;
  log: Logger;
  tenants: TenantDirectory;
  assets: AssetUrls;
  mailer: Mailer;
}

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
}

export interface AppEnv {
  Variables: AppVariables;
  Bindings: { remoteAddr?: Deno.NetAddr };
}
