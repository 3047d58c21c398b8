/**
 * The PostgreSQL realtime source (`REALTIME_SOURCE=postgres`): a topic's version still lives in
 * KV, but news of a change travels by LISTEN/NOTIFY, which every process and instance on the
 * same database hears. A local KV file's `watch` does not see another process's writes, and a
 * hosted KV may not watch across instances; a KV read does see them, so on each notification the
 * listening process reads the topic's version back from KV.
 *
 * - One dedicated connection per process LISTENs on `qms_realtime`; it reconnects with backoff
 *   when it drops, then re-reads every watched topic (a change sent meanwhile is not lost).
 * - `announce` (called by `publishTopics` after the KV bump) sends one NOTIFY for the topics and
 *   tells this process's own watchers at once, without the round trip.
 */
import type { Kysely } from "kysely";
import pg from "pg";
import type { Database } from "../db/schema.ts";
import type { TopicHandlers, TopicSource } from "./publish.ts";
import { listenForRealtime, notifyRealtime, REALTIME_CHANNEL } from "./notify_repo.ts";

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
const MAX_PAYLOAD = 7_900;
const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 5_000;

export interface PgTopicSourceOptions {
  /** The app's connection string; the listener is one more connection to it. */
  url: string;
  /** The app's pool, through which NOTIFY is sent. */
  db: Kysely<Database>;
  kv: Pick<Deno.Kv, "getMany">;
  onError?: (err: unknown) => void;
  /** Told each time the listening connection is up (again); tests wait on it. */
  onListening?: () => void;
}

export interface PgTopicSource extends TopicSource {
  /** Sends news of the topics' change to every process (this one included). */
  announce(topics: readonly Deno.KvKey[]): Promise<void>;
  /** Whether the listening connection is up. */
  listening(): boolean;
  close(): Promise<void>;
}

interface Watch {
  key: Deno.KvKey;
  handlers: TopicHandlers;
  version: bigint | null;
  reading: boolean;
  readAgain: boolean;
}

/** One string per topic key, the same in every process. */
export function topicName(key: Deno.KvKey): string {
  return JSON.stringify(key.map((part) => typeof part === "string" ? part : String(part)));
}

export function createPgTopicSource(options: PgTopicSourceOptions): PgTopicSource {
  const watches = new Map<string, Set<Watch>>();
  let client: pg.Client | null = null;
  let up = false;
  let closed = false;
  let retryMs = RETRY_FIRST_MS;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  function reportError(err: unknown) {
    try {
      options.onError?.(err);
    } catch {
      // A failing logger must not stop the listener.
    }
  }

  /** Reads the watch's version from KV and reports it if it moved; one read at a time. */
  async function refresh(watch: Watch) {
    if (watch.reading) {
      watch.readAgain = true;
      return;
    }
    watch.reading = true;
    try {
      do {
        watch.readAgain = false;
        try {
          const [entry] = await options.kv.getMany<[unknown]>([watch.key]);
          const value = entry?.value;
          const version = value instanceof Deno.KvU64 ? value.value : 0n;
          if (watch.version === null || version > watch.version) {
            watch.version = version;
            watch.handlers.onVersion(version);
          }
        } catch (err) {
          reportError(err);
        }
      } while (watch.readAgain);
    } finally {
      watch.reading = false;
    }
  }

  function refreshNamed(names: Iterable<string>) {
    for (const name of names) {
      for (const watch of watches.get(name) ?? []) refresh(watch);
    }
  }

  function onNotification(message: pg.Notification) {
    if (message.channel !== REALTIME_CHANNEL || !message.payload) return;
    let names: unknown;
    try {
      names = JSON.parse(message.payload);
    } catch {
      return;
    }
    if (Array.isArray(names)) refreshNamed(names.filter((n) => typeof n === "string"));
  }

  function scheduleReconnect() {
    if (closed || retryTimer !== undefined) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
  }

  function dropClient(target: pg.Client, err?: unknown) {
    if (client !== target) return;
    client = null;
    up = false;
    if (err && !closed) reportError(err);
    target.end().catch(() => {});
    scheduleReconnect();
  }

  async function connect() {
    if (closed) return;
    const next = new pg.Client({
      connectionString: options.url,
      application_name: "qms_realtime_listener",
      keepAlive: true,
    });
    client = next;
    next.on("notification", onNotification);
    next.on("error", (err) => dropClient(next, err));
    next.on("end", () => dropClient(next, new Error("The realtime listener's connection ended")));
    try {
      await next.connect();
      await listenForRealtime(next);
    } catch (err) {
      dropClient(next, err);
      return;
    }
    if (client !== next || closed) return;
    up = true;
    retryMs = RETRY_FIRST_MS;
    // Whatever changed while nobody listened is read now.
    refreshNamed([...watches.keys()]);
    options.onListening?.();
  }

  connect();

  return {
    watch(key, handlers) {
      const name = topicName(key);
      const watch: Watch = { key, handlers, version: null, reading: false, readAgain: false };
      let set = watches.get(name);
      if (!set) watches.set(name, set = new Set());
      set.add(watch);
      refresh(watch);
      return function stopPgTopic() {
        set.delete(watch);
        if (set.size === 0 && watches.get(name) === set) watches.delete(name);
      };
    },
    async announce(topics) {
      const names = [...new Set(topics.map(topicName))];
      refreshNamed(names);
      for (const payload of payloadsOf(names)) await notifyRealtime(options.db, payload);
    },
    listening: () => up,
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      const last = client;
      client = null;
      up = false;
      watches.clear();
      await last?.end().catch(() => {});
    },
  };
}

/** Splits topic names into JSON arrays that each fit one NOTIFY payload. */
function payloadsOf(names: string[]): string[] {
  const payloads: string[] = [];
  let batch: string[] = [];
  for (const name of names) {
    if (batch.length > 0 && JSON.stringify([...batch, name]).length > MAX_PAYLOAD) {
      payloads.push(JSON.stringify(batch));
      batch = [];
    }
    batch.push(name);
  }
  if (batch.length > 0) payloads.push(JSON.stringify(batch));
  return payloads;
}
