import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { manifest } from "../../fresh.gen.ts";
import { bootApp, type BootedApp } from "../../lib/boot.ts";
import { loadConfig } from "../../lib/config.ts";
import type { Database } from "../../lib/db/schema.ts";
import {
  createScratchDatabase,
  dropScratchDatabase,
  terminateAppConnections,
} from "./test_db_repo.ts";

/** Tests run on PGlite by default, and on a real server when TEST_DATABASE_URL names one. */
export const TEST_DATABASE_URL = Deno.env.get("TEST_DATABASE_URL");
export const DB_KIND = TEST_DATABASE_URL ? "postgres" : "pglite";

export interface TestApp extends BootedApp {
  /** `fetch` against the in-process app; `url` carries the tenant host, e.g. http://demo.localhost/. */
  request(url: string, init?: RequestInit & { ip?: string }): Promise<Response>;
  /** Serves the app over real HTTP on loopback; `port` is the chosen one. */
  listen(): { port: number; shutdown: () => Promise<void> };
}

/** A throwaway database on the TEST_DATABASE_URL server, with the app role able to log in. */
export async function scratchDatabase(): Promise<{
  appUrl: string;
  ownerUrl: string;
  /** Terminates the app role's server connections to this database; how many it cut. */
  cutAppConnections: () => Promise<number>;
  drop: () => Promise<void>;
}> {
  const base = new URL(TEST_DATABASE_URL!);
  const name = `qms_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const admin = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: base.href, max: 1 }) }),
  });
  await createScratchDatabase(admin, name);
  const owner = new URL(base.href);
  owner.pathname = `/${name}`;
  const app = new URL(owner.href);
  app.username = "qms_app";
  app.password = "qms_app";
  return {
    appUrl: app.href,
    ownerUrl: owner.href,
    cutAppConnections: () => terminateAppConnections(admin, name),
    async drop() {
      await dropScratchDatabase(admin, name);
      await admin.destroy();
    },
  };
}

/**
 * A whole app on a fresh database (seeded with the demo tenants) and an in-memory KV.
 * `env` overrides configuration, e.g. rate limits.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { startDispatcher?: boolean } = {},
): Promise<TestApp> {
  const scratch = TEST_DATABASE_URL ? await scratchDatabase() : null;
  const config = loadConfig({
    NODE_ENV: "test",
    BCRYPT_ROUNDS: "4",
    LOG_LEVEL: "silent",
    SEED_DEMO: "true",
    ...(scratch ? { DATABASE_URL: scratch.appUrl, DATABASE_MIGRATION_URL: scratch.ownerUrl } : {}),
    ...env,
  });
  const kv = await Deno.openKv(":memory:");
  const cfg = scratch ? config : { ...config, PGLITE_DIR: "" };
  const booted = await bootApp(cfg, { manifest, kv, ...options });
  return {
    ...booted,
    request(url, init = {}) {
      const { ip, ...rest } = init;
      return Promise.resolve(
        booted.app.fetch(new Request(url, rest), {
          remoteAddr: { hostname: ip ?? "127.0.0.1", port: 40000, transport: "tcp" },
        }),
      );
    },
    listen() {
      const server = Deno.serve(
        { hostname: "127.0.0.1", port: 0, onListen: () => {} },
        (req, info) => booted.app.fetch(req, { remoteAddr: info.remoteAddr }),
      );
      return { port: server.addr.port, shutdown: () => server.shutdown() };
    },
    async close() {
      await booted.close();
      await scratch?.drop();
    },
  };
}

/** The scope a scheduled job gets: the app's database, KV and dispatcher, no actor yet. */
export function jobScope(app: BootedApp) {
  const { db, kv, log, dispatcher } = app.deps;
  return { db, kv, log, afterCommit: dispatcher.afterCommit };
}
