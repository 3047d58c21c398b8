/**
 * Two app processes (main.ts) on two ports share one PostgreSQL and one KV file, as
 * `REALTIME_SOURCE=postgres` allows: a staff call on A reaches a status page open on B, a session
 * from A works on B and its sign-out on B ends it on A, the join limit holds across both, and
 * each event's SMS goes out once though both dispatchers poll the one outbox.
 */
import assert from "node:assert/strict";
import { entryKey } from "../lib/queue/public_wire.ts";
import {
  type AppProcess,
  cookiesOf,
  hostRequest,
  hostStream,
  startAppProcess,
} from "./helpers/main_process.ts";
import { TEST_DATABASE_URL } from "./helpers/test_app.ts";
import { sseReader } from "./helpers/sse_reader.ts";
import { startTwilioStub } from "./helpers/provider_stubs.ts";

const HOST = "demo.localhost";

Deno.test({
  name: "two processes on one database and KV file serve as one app",
  // The embedded PGlite belongs to one process; this mode needs a PostgreSQL server.
  ignore: !TEST_DATABASE_URL,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const twilio = startTwilioStub();
    const env = {
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      REALTIME_SOURCE: "postgres",
      RATE_LIMIT_JOIN_PER_MINUTE: "5",
      // Longer than the test: a staff stream that ends did so because it heard of the sign-out.
      STAFF_STREAM_RECHECK_MS: "600000",
      OUTBOX_POLL_MS: "50",
      TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000002",
      TWILIO_AUTH_TOKEN: "test-token",
      TWILIO_FROM: "+15550001111",
      TWILIO_API_URL: twilio.url,
    };
    const a = await startAppProcess(env);
    let b: AppProcess | null = null;
    try {
      b = await startAppProcess(env, { restartOf: a });
      assert.notEqual(a.port, b.port);
      assert.equal(b.kvPath, a.kvPath);

      const home = await hostRequest(a.port, HOST, "/");
      const queueId = home.body.match(/name="queueId" value="([0-9a-f-]{36})"/)![1]!;
      const join = (port: number, n: number) =>
        hostRequest(port, HOST, `/api/queues/${queueId}/join`, {
          method: "POST",
          json: { customerName: `Guest ${n}`, customerPhone: `+6019876000${n}`, partySize: 2 },
        });

      // Joins from one address alternate between the processes: the limit (5) holds across both.
      const joins = [];
      for (let n = 1; n <= 6; n++) joins.push(await join(n % 2 ? a.port : b.port, n));
      assert.deepEqual(joins.map((r) => r.status), [201, 201, 201, 201, 201, 429]);
      const first = JSON.parse(joins[0]!.body).entry;

      // The status page is open on B; staff sign in on A and call the first party.
      const stream = await hostStream(b.port, HOST, `/queue/status/${first.sessionId}/events`, {
        accept: "text/event-stream",
      });
      assert.equal(stream.status, 200);
      const events = sseReader(stream.body);
      const snapshot = await events.next();
      assert.deepEqual((snapshot!.data as { called: string[] }).called, []);
      const login = await hostRequest(a.port, HOST, "/api/auth/login", {
        method: "POST",
        json: { email: "staff@demo.test", password: "demo1234" },
      });
      assert.equal(login.status, 200, login.body);
      const cookie = cookiesOf(login);
      const called = await hostRequest(a.port, HOST, `/api/queues/${queueId}/call-next`, {
        method: "POST",
        json: {},
        headers: { cookie },
      });
      assert.equal(called.status, 200, called.body);
      let calledIds: string[] = [];
      while (!calledIds.includes(entryKey(first.id))) {
        calledIds = ((await events.next())!.data as { called: string[] }).called;
      }
      await events.cancel();

      // The session made on A works on B; signing out on B ends it on A too, and ends the
      // staff event stream open on A at once.
      const onB = await hostRequest(b.port, HOST, "/api/queues", { headers: { cookie } });
      assert.equal(onB.status, 200, onB.body);
      const staffStream = await hostStream(a.port, HOST, "/dashboard/events", {
        accept: "text/event-stream",
        cookie,
      });
      assert.equal(staffStream.status, 200);
      const staffEvents = sseReader(staffStream.body);
      assert.ok(await staffEvents.next(), "the staff stream sends its snapshot");
      const logout = await hostRequest(b.port, HOST, "/api/auth/logout", {
        method: "POST",
        json: {},
        headers: { cookie },
      });
      assert.ok(logout.status < 400, logout.body);
      const onA = await hostRequest(a.port, HOST, "/api/queues", { headers: { cookie } });
      assert.equal(onA.status, 401, onA.body);
      await staffEvents.end(); // rejects if the stream stays open (bounded wait, not a timing)

      // Both dispatchers poll one outbox: five joins and one call are (at least) six SMS, and no
      // message goes out twice (a nudge to the party now first may come on top).
      await twilio.waitFor(6, 30_000);
      await new Promise((r) => setTimeout(r, 500)); // a duplicate would have had time to leave
      const sent = twilio.received.map((m) => `${m.to} ${m.body}`);
      assert.equal(
        new Set(sent).size,
        sent.length,
        `a message went out twice:\n${sent.join("\n")}`,
      );
      assert.equal(twilio.requests(), sent.length);
      for (let n = 1; n <= 5; n++) {
        assert.ok(sent.some((m) => m.startsWith(`+6019876000${n} `)), `party ${n} was told`);
      }
      assert.equal(sent.filter((m) => m.startsWith("+60198760001 ")).length, 2, "joined, called");

      for (const p of [a, b]) {
        const ready = await hostRequest(p.port, "localhost", "/readyz");
        assert.equal(ready.status, 200, ready.body);
      }
    } catch (err) {
      throw new Error(`${err}\n--- A ---\n${a.output()}\n--- B ---\n${b?.output() ?? ""}`);
    } finally {
      await b?.close({ keepData: true });
      await a.close();
      await twilio.close();
    }
  },
});
