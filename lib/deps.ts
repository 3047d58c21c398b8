import type { Kysely } from "kysely";
import type { AssetUrls } from "./build/assets.ts";
import type { Config } from "./config.ts";
import type { Database } from "./db/schema.ts";
import type { Dispatcher } from "./events/dispatcher.ts";
import type { Logger } from "./log.ts";
import type { Mailer } from "./mail/mailer.ts";
import type { VapidKeys } from "./push/vapid_keys.ts";
import type { RealtimeHub } from "./realtime/hub.ts";
import type { CustomerReads } from "./queue/customer_reads.ts";
import type { BoardReads } from "./queue/board_reads.ts";
import type { TenantDirectory } from "./tenant/tenant_directory.ts";

/** Everything the app reaches, built once per process by `bootApp()`. */
export interface AppDeps {
  config: Config;
  db: Kysely<Database>;
  kv: Deno.Kv;
  hub: RealtimeHub;
  /** Customers' reads from memory, kept current by the hub (lib/queue/customer_reads.ts). */
  reads: CustomerReads;
  /** Staff boards from memory, kept current by the hub (lib/queue/board_reads.ts). */
  boards: BoardReads;
  log: Logger;
  tenants: TenantDirectory;
  assets: AssetUrls;
  mailer: Mailer;
  /** Delivers committed events: realtime at once, durable handlers from the outbox. */
  dispatcher: Dispatcher;
  /** Web push identity; null when push is off (production without VAPID keys). */
  vapid: VapidKeys | null;
}
