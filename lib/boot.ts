import type { Hono } from "hono";
import type { Config } from "./config.ts";
import { createApp } from "./app.tsx";
import { buildAssets, loadAssetUrls } from "./build/assets.ts";
import { type DatabaseHandle, openDatabase } from "./db/database.ts";
import type { AppDeps } from "./deps.ts";
import type { AppEnv } from "./http/app_env.ts";
import { createLogger, type Logger } from "./log.ts";
import { createMailer, type Mailer } from "./mail/mailer.ts";
import { createAccountMailHandler } from "./auth/account_mail.ts";
import { createDispatcher, type Dispatcher } from "./events/dispatcher.ts";
import { createNotifyChannels } from "./notify/channels.ts";
import { createAlmostTurnHandler } from "./notify/nudges.ts";
import { createNotifyHandlers } from "./notify/service.ts";
import { createConversationHandlers } from "./conversation/handlers.ts";
import { previewEventTopics, publishEventTopics } from "./events/realtime.ts";
import type { Manifest } from "./manifest.ts";
import { createHub } from "./realtime/hub.ts";
import { createCustomerReads } from "./queue/customer_reads.ts";
import { createBoardReads } from "./queue/board_reads.ts";
import { joinTermsCache } from "./queue/join_terms_cache.ts";
import { sharedFileKv } from "./kv/shared_file_kv.ts";
import { startRealtimeSource } from "./realtime/realtime_source.ts";
import { createPushChannel } from "./notify/push_channel.ts";
import { pushHostPatterns } from "./push/push_endpoint.ts";
import { resolveVapidKeys } from "./push/vapid_keys.ts";
import { seedDemoData } from "./seed/demo_seed.ts";
import { createTenantDirectory } from "./tenant/tenant_directory.ts";
import { forgetAllBranding } from "./merchant/branding.ts";
import { createRollupHandler } from "./analytics/rollup.ts";
import { createAdminInviteMailHandler } from "./backoffice/admin_invite_mail.ts";

export const ROOT = new URL("../", import.meta.url);

export interface BootOptions {
  manifest: Manifest;
  /** An already-open KV (tests use ":memory:"); otherwise KV_URL or KV_PATH. */
  kv?: Deno.Kv;
  log?: Logger;
  /** Outgoing mail; otherwise SMTP_URL (or a log-only mailer without it). */
  mailer?: Mailer;
  /** Start the outbox dispatcher's polling loop (default true; tests may drive it by hand). */
  startDispatcher?: boolean;
}

export interface BootedApp {
  app: Hono<AppEnv>;
  deps: AppDeps;
  /** The owner's connection (migrations, seeding, and platform fixtures in tests). */
  ownerDb: DatabaseHandle["ownerDb"];
  seeded: boolean;
  close(): Promise<void>;
}

async function openKv(config: Config): Promise<Deno.Kv> {
  if (config.KV_URL) return await Deno.openKv(config.KV_URL);
  const dir = config.KV_PATH.replace(/\/[^/]*$/, "");
  if (dir && dir !== config.KV_PATH) await Deno.mkdir(dir, { recursive: true });
  const kv = await Deno.openKv(config.KV_PATH);
  // Another process may hold the file's write lock (two processes on one machine).
  return config.KV_PATH === ":memory:" ? kv : sharedFileKv(kv);
}

/**
 * Everything `deno task start` does before listening: assets (built when missing), database
 * (migrated), demo data (outside production), KV, realtime hub, and the app itself.
 */
export async function bootApp(config: Config, options: BootOptions): Promise<BootedApp> {
  const log = options.log ?? createLogger(config.LOG_LEVEL);
  const assets = (await loadAssetUrls(ROOT)) ?? await buildAssets(ROOT);
  const handle = await openDatabase({
    url: config.DATABASE_URL,
    migrationUrl: config.DATABASE_MIGRATION_URL,
    pgliteDir: config.DATABASE_URL ? undefined : config.PGLITE_DIR || undefined,
    poolMax: config.DATABASE_POOL_MAX,
    timeouts: {
      statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
      lockTimeoutMs: config.DATABASE_LOCK_TIMEOUT_MS,
    },
    onConnectionError: (err) => log("warn", "database connection lost", { error: String(err) }),
  });
  let seeded = false;
  if (config.seedDemo) {
    seeded = await seedDemoData(handle.ownerDb, handle.db, { bcryptRounds: config.BCRYPT_ROUNDS });
  }
  const kv = options.kv ?? await openKv(config);
  const realtime = startRealtimeSource(config, { db: handle.db, kv, log });
  const hub = createHub(kv, {
    source: realtime?.source,
    onError: (err) => log("error", "realtime", { error: String(err) }),
  });
  const reads = createCustomerReads({ db: handle.db, hub });
  const boards = createBoardReads({ db: handle.db, hub });
  const mailer = options.mailer ?? createMailer(config, log);
  const vapid = await resolveVapidKeys(config);
  if (!vapid) log("warn", "web push is off: VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are not set");
  const pushChannel = createPushChannel({
    db: handle.db,
    vapid,
    allowedHosts: pushHostPatterns(config.PUSH_ENDPOINT_ALLOW),
    timeoutMs: config.PUSH_TIMEOUT_MS,
  });
  // Handlers that record events hand them to the dispatcher created just below.
  let dispatcher: Dispatcher | null = null;
  const afterCommit = (events: Parameters<Dispatcher["afterCommit"]>[0]) => {
    dispatcher?.afterCommit(events);
  };
  const channels = createNotifyChannels({ db: handle.db, kv, config, mailer, push: pushChannel });
  dispatcher = createDispatcher({
    db: handle.db,
    log,
    handlers: [
      createAccountMailHandler({ db: handle.db, mailer }),
      createAdminInviteMailHandler({ db: handle.db, mailer }),
      ...createNotifyHandlers({ db: handle.db, config, log }, channels),
      createAlmostTurnHandler({ db: handle.db, kv, log, afterCommit }),
      ...createConversationHandlers({ db: handle.db, kv, log, config, afterCommit }, channels),
      createRollupHandler(handle.db),
    ],
    realtime: (events) => {
      // Synchronously, before the command's caller goes on: the next read here sees the change.
      reads.changed(events);
      boards.changed(events);
      joinTermsCache.changed(handle.db, events);
      previewEventTopics(hub, events);
      return publishEventTopics(kv, events);
    },
    pollMs: config.OUTBOX_POLL_MS,
    maxAttempts: config.OUTBOX_MAX_ATTEMPTS,
    retryBaseMs: config.OUTBOX_RETRY_BASE_MS,
    leaseMs: config.OUTBOX_LEASE_MS,
    // PGlite is one connection on this thread: lanes side by side would only queue there, ahead
    // of the page reads that wait for the same connection.
    concurrency: handle.kind === "pglite" ? 1 : 8,
  });
  const deps: AppDeps = {
    config,
    db: handle.db,
    kv,
    hub,
    reads,
    boards,
    log,
    tenants: createTenantDirectory(handle.db, {
      kv,
      onError: (err) => log("error", "tenant directory version", { error: String(err) }),
      onForget: forgetAllBranding,
    }),
    assets,
    mailer,
    dispatcher,
    vapid,
  };
  const app = createApp(deps, options.manifest);
  if (options.startDispatcher !== false) dispatcher.start();
  return {
    app,
    deps,
    ownerDb: handle.ownerDb,
    seeded,
    async close() {
      await dispatcher.stop();
      reads.close();
      boards.close();
      hub.close();
      await realtime?.close();
      await deps.mailer.close();
      kv.close();
      await handle.close();
    },
  };
}
