/**
 * Picks the realtime hub's change source from `REALTIME_SOURCE`: `kv` (the hub's default, Deno
 * KV watch) or `postgres` (LISTEN/NOTIFY, for several processes or instances on one database).
 */
import type { Kysely } from "kysely";
import type { Config } from "../config.ts";
import type { Database } from "../db/schema.ts";
import type { Logger } from "../log.ts";
import { announceTopicsThrough, type TopicSource } from "./publish.ts";
import { createPgTopicSource } from "./pg_topic_source.ts";

export interface StartedRealtimeSource {
  source: TopicSource;
  close(): Promise<void>;
}

/**
 * The PostgreSQL source, started and wired to the topic publishers, or null for the KV default.
 * `loadConfig` already refused `postgres` without DATABASE_URL (PGlite is one process).
 */
export function startRealtimeSource(
  config: Pick<Config, "REALTIME_SOURCE" | "DATABASE_URL">,
  deps: { db: Kysely<Database>; kv: Deno.Kv; log: Logger },
): StartedRealtimeSource | null {
  if (config.REALTIME_SOURCE !== "postgres" || !config.DATABASE_URL) return null;
  let lost = false;
  const source = createPgTopicSource({
    url: config.DATABASE_URL,
    db: deps.db,
    kv: deps.kv,
    onError(err) {
      lost = true;
      deps.log("warn", "realtime source", { error: String(err) });
    },
    onListening() {
      if (lost) deps.log("info", "realtime listener connected again");
      lost = false;
    },
  });
  const stopAnnouncing = announceTopicsThrough(deps.kv, source.announce);
  return {
    source,
    async close() {
      stopAnnouncing();
      await source.close();
    },
  };
}
