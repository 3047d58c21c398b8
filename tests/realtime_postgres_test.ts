/**
 * REALTIME_SOURCE=postgres: a change committed by one app instance reaches an event stream open
 * on another instance through LISTEN/NOTIFY (the instances share PostgreSQL and a KV file, and
 * neither watches KV), also after the listening connection was cut.
 */
import assert from "node:assert/strict";
import { entryKey, type PublicQueueWire } from "../lib/queue/public_wire.ts";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { manifest } from "../fresh.gen.ts";
import { bootApp, type BootedApp } from "../lib/boot.ts";
import { loadConfig } from "../lib/config.ts";
import type { Database } from "../lib/db/schema.ts";
import { scratchDatabase, TEST_DATABASE_URL, type TestApp } from "./helpers/test_app.ts";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import { sseReader } from "./helpers/sse_reader.ts";
import { countRealtimeListeners, terminateRealtimeListeners } from "./helpers/test_db_repo.ts";

const DEMO = "http://demo.localhost";

const snap = (event: { data: unknown } | null) => event!.data as PublicQueueWire;

/** A booted instance with the test helpers' `request`. */
function asTestApp(booted: BootedApp): TestApp {
  return {
    ...booted,
    request(url, init = {}) {
      const { ip, ...rest } = init;
      return Promise.resolve(booted.app.fetch(new Request(url, rest), {
        remoteAddr: { hostname: ip ?? "127.0.0.1", port: 40000, transport: "tcp" },
      }));
    },
    listen() {
      throw new Error("not used here");
    },
  };
}

async function until(what: string, check: () => Promise<boolean>) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Gave up waiting: ${what}`);
}

Deno.test("loadConfig() refuses REALTIME_SOURCE=postgres on the embedded PGlite", () => {
  assert.throws(
    () => loadConfig({ REALTIME_SOURCE: "postgres" }),
    /REALTIME_SOURCE=postgres needs DATABASE_URL/,
  );
  assert.throws(() => loadConfig({ REALTIME_SOURCE: "redis" }), /REALTIME_SOURCE/);
  assert.equal(loadConfig({}).REALTIME_SOURCE, "kv");
});

Deno.test({
  name: "a staff call on instance A reaches a status stream on instance B by LISTEN/NOTIFY",
  ignore: !TEST_DATABASE_URL,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const scratch = await scratchDatabase();
    const dir = await Deno.makeTempDir({ prefix: "qms_rt_" });
    const config = loadConfig({
      NODE_ENV: "test",
      BCRYPT_ROUNDS: "4",
      LOG_LEVEL: "silent",
      SEED_DEMO: "true",
      DATABASE_URL: scratch.appUrl,
      DATABASE_MIGRATION_URL: scratch.ownerUrl,
      REALTIME_SOURCE: "postgres",
    });
    const admin = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 }),
      }),
    });
    const dbName = new URL(scratch.appUrl).pathname.slice(1);
    const booted: BootedApp[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const kv = await Deno.openKv(`${dir}/kv.sqlite3`);
        booted.push(await bootApp(config, { manifest, kv }));
      }
      const a = asTestApp(booted[0]!);
      const b = asTestApp(booted[1]!);
      await until(
        "both listeners connected",
        async () => await countRealtimeListeners(admin, dbName) === 2,
      );

      const queueId = await firstQueueId(a, DEMO);
      const joined = await (await jsonPost(a, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: "Across",
        customerPhone: "0123456789",
        partySize: 2,
      })).json();
      const second = await (await jsonPost(a, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: "Later",
        customerPhone: "0123456788",
        partySize: 2,
      })).json();
      const stream = await b.request(`${DEMO}/queue/status/${joined.entry.sessionId}/events`, {
        headers: { accept: "text/event-stream" },
      });
      assert.equal(stream.status, 200);
      const events = sseReader(stream.body!);
      const snapshot = await events.next();
      assert.deepEqual(snap(snapshot).waiting, [joined.entry.id, second.entry.id].map(entryKey));

      const staff = await staffCookie(a, DEMO, "staff@demo.test", "demo1234");
      const called = await jsonPost(a, `${DEMO}/api/queues/${queueId}/call-next`, {}, {
        headers: { cookie: staff },
      });
      assert.equal(called.status, 200, await called.clone().text());
      const update = await events.next();
      assert.deepEqual(snap(update).called, [entryKey(joined.entry.id)]);
      // Another process's change comes with its version (only the writer's own pages preview).
      assert.ok(update!.id !== null && BigInt(update!.id) > BigInt(snapshot!.id!));

      // The listening connection drops: B reconnects and the next change still arrives.
      assert.ok(await terminateRealtimeListeners(admin, dbName) >= 1);
      const secondStream = await b.request(
        `${DEMO}/queue/status/${second.entry.sessionId}/events`,
        { headers: { accept: "text/event-stream" } },
      );
      const secondEvents = sseReader(secondStream.body!);
      const before = await secondEvents.next();
      assert.deepEqual(snap(before).waiting, [entryKey(second.entry.id)]);
      const cancelled = await jsonPost(
        a,
        `${DEMO}/api/queues/entry/${joined.entry.sessionId}/cancel`,
        {},
      );
      assert.ok(cancelled.status < 300, await cancelled.clone().text());
      await secondEvents.next(); // the cancel is a change of this queue: B hears of it
      const staffCall = await jsonPost(a, `${DEMO}/api/queues/${queueId}/call-next`, {}, {
        headers: { cookie: staff },
      });
      assert.equal(staffCall.status, 200);
      let calledNow: string[] = [];
      while (!calledNow.includes(entryKey(second.entry.id))) {
        calledNow = snap(await secondEvents.next()).called;
      }
      await until("B listens again", async () => await countRealtimeListeners(admin, dbName) === 2);
      await events.cancel();
      await secondEvents.cancel();
    } finally {
      for (const app of booted) await app.close();
      await admin.destroy();
      await scratch.drop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
