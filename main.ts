// deno-lint-ignore-file no-console
import { manifest } from "./fresh.gen.ts";
import { loadConfig } from "./lib/config.ts";
import { bootApp } from "./lib/boot.ts";
import { DEMO_LOGINS } from "./lib/seed/demo_seed.ts";
import type { BootedApp } from "./lib/boot.ts";
import { expireTimedOutCalls } from "./lib/queue/auto_no_show.ts";

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
  const shutdown = async () => {
    await server.shutdown();
    await app.close();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", shutdown);
  Deno.addSignalListener("SIGTERM", shutdown);
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
