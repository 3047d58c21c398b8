// deno-lint-ignore-file no-console
import { manifest } from "./fresh.gen.ts";
import { loadConfig } from "./lib/config.ts";
import { bootApp } from "./lib/boot.ts";
import { DEMO_LOGINS } from "./lib/seed/demo_seed.ts";
import type { BootedApp } from "./lib/boot.ts";
import { expireTimedOutCalls } from "./lib/queue/auto_no_show.ts";
import { pruneDeliveredEvents } from "./lib/events/prune.ts";
import { recordDueReminders } from "./lib/notify/nudges.ts";
import { rollUpAllTenants } from "./lib/analytics/rollup.ts";
import { applyRetention } from "./lib/retention/retention.ts";

let booted: BootedApp | null = null;

// Crons are registered at the top level (Deno requires it) and never awaited. Each job is
// idempotent and safe when several processes run it at once.
Deno.cron("auto no-show after a call times out", "* * * * *", async () => {
  if (!booted) return;
  try {
    const { db, kv, log, dispatcher } = booted.deps;
    await expireTimedOutCalls({ db, kv, log, afterCommit: dispatcher.afterCommit });
  } catch (err) {
    booted.deps.log("error", "auto no-show job failed", { error: String(err) });
  }
});

Deno.cron("remind waiting parties every notificationInterval minutes", "* * * * *", async () => {
  if (!booted) return;
  try {
    const { db, kv, log, dispatcher } = booted.deps;
    await recordDueReminders({ db, kv, log, afterCommit: dispatcher.afterCommit });
  } catch (err) {
    booted.deps.log("error", "reminder job failed", { error: String(err) });
  }
});

Deno.cron("drop delivered outbox events after a week", "17 3 * * *", async () => {
  if (!booted) return;
  try {
    const dropped = await pruneDeliveredEvents(booted.deps.db);
    booted.deps.log("info", "outbox pruned", { dropped });
  } catch (err) {
    booted.deps.log("error", "outbox prune failed", { error: String(err) });
  }
});

// Hourly, so each tenant's yesterday is rolled up soon after its own midnight; a run with
// nothing new costs one read per tenant.
Deno.cron("roll up finished days for analytics", "5 * * * *", async () => {
  if (!booted) return;
  try {
    const days = await rollUpAllTenants(booted.deps.db);
    if (days > 0) booted.deps.log("info", "analytics rolled up", { days });
  } catch (err) {
    booted.deps.log("error", "analytics roll-up failed", { error: String(err) });
  }
});

Deno.cron("delete finished visits past the retention window", "40 3 * * *", async () => {
  if (!booted) return;
  try {
    const { db, config, log } = booted.deps;
    // Roll-ups first: what retention deletes is already counted in them.
    await rollUpAllTenants(db);
    const purged = await applyRetention(db, { fallbackMonths: config.RETENTION_MONTHS });
    log("info", "retention applied", purged);
  } catch (err) {
    booted.deps.log("error", "retention failed", { error: String(err) });
  }
});

/** Production entry (and `deno task start`): the same code, differing only by environment. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(String((err as Error).message));
    Deno.exit(1);
  }
  const app = await bootApp(config, { manifest });
  if (config.USE_AUTH_BYPASS) {
    console.warn(
      "USE_AUTH_BYPASS=true: every visitor acts as each tenant's owner (development only)",
    );
  }
  booted = app;
  const server = Deno.serve(
    {
      port: config.PORT,
      hostname: config.HOSTNAME,
      onListen: ({ port }) => printWelcome(config, port, app.deps.config.DATABASE_URL),
    },
    (req, info) => app.app.fetch(req, { remoteAddr: info.remoteAddr }),
  );
  let stopping = false;
  function onStopSignal() {
    if (stopping) return;
    stopping = true;
    stopServing(server, app);
  }
  Deno.addSignalListener("SIGINT", onStopSignal);
  Deno.addSignalListener("SIGTERM", onStopSignal);
}

/** How long open responses get to finish once the event streams are closed. */
const DRAIN_MS = 3_000;
/** How long the database, KV and mailer get to close; with DRAIN_MS, a stop stays under 5 s. */
const CLOSE_MS = 1_500;

/**
 * Stops within DRAIN_MS + CLOSE_MS however many clients are connected. `server.shutdown()` alone
 * waits for every open response, and an event stream never ends by itself: so the listener stops
 * first, then the hub ends every stream (each told when to reconnect; clients resume from their
 * Last-Event-ID on the next process), then what is left gets a deadline.
 */
async function stopServing(server: Deno.HttpServer, app: BootedApp) {
  const started = performance.now();
  const log = app.deps.log;
  log("info", "shutting down", { streams: app.deps.hub.stats().subscribers });
  const drained = server.shutdown();
  app.deps.hub.close();
  if (!await settlesWithin(drained, DRAIN_MS)) {
    log("warn", "open connections left at shutdown", { afterMs: DRAIN_MS });
  }
  if (!await settlesWithin(app.close(), CLOSE_MS)) {
    log("warn", "database, KV or mailer did not close in time", { afterMs: CLOSE_MS });
  }
  log("info", "stopped", { ms: Math.round(performance.now() - started) });
  Deno.exit(0);
}

/** Whether `work` settles (either way) within `ms`. */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => timer = setTimeout(() => resolve(false), ms));
  try {
    return await Promise.race([work.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

function printWelcome(config: ReturnType<typeof loadConfig>, port: number, dbUrl?: string) {
  const base = config.BASE_DOMAIN;
  const scheme = config.isProduction ? "https" : "http";
  const p = config.isProduction ? "" : `:${port}`;
  console.log(
    `StoreHub QMS is listening on port ${port} (${dbUrl ? "PostgreSQL" : "embedded PGlite"})`,
  );
  console.log(`  Customers:   ${scheme}://demo.${base}${p}/   and   ${scheme}://cafe.${base}${p}/`);
  console.log(`  Staff:       ${scheme}://demo.${base}${p}/dashboard`);
  console.log(`  Back office: ${scheme}://admin.${base}${p}/backoffice`);
  if (config.seedDemo) {
    console.log("  Demo logins:");
    console.log(
      `    ${DEMO_LOGINS.demoOwner.email} / ${DEMO_LOGINS.demoOwner.password}  (OWNER of demo)`,
    );
    console.log(
      `    ${DEMO_LOGINS.demoStaff.email} / ${DEMO_LOGINS.demoStaff.password}  (STAFF of demo)`,
    );
    console.log(
      `    ${DEMO_LOGINS.cafeOwner.email} / ${DEMO_LOGINS.cafeOwner.password}  (OWNER of cafe)`,
    );
    console.log(`    ${DEMO_LOGINS.admin.email} / ${DEMO_LOGINS.admin.password}  (back office)`);
  }
}

if (import.meta.main) await main();
