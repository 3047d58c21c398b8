import assert from "node:assert/strict";
import { cookiesOf, hostRequest, hostStream, startAppProcess } from "./helpers/main_process.ts";
import { type SseReader, sseReader } from "./helpers/sse_reader.ts";

const DEMO = "demo.localhost";
/** Bounds each wait so a hang fails the test instead of stalling it; not a timing assertion. */
const BOUND_MS = 30_000;

Deno.test("SIGTERM with open event streams ends them cleanly and exits with 0", async () => {
  const app = await startAppProcess();
  const streams: SseReader[] = [];
  try {
    const { port } = app;
    const home = await hostRequest(port, DEMO, "/");
    assert.equal(home.status, 200, app.output());
    const queueId = home.body.match(/name="queueId" value="([0-9a-f-]{36})"/)?.[1];
    assert.ok(queueId, "the demo home page lists a queue");

    const joined = await hostRequest(port, DEMO, `/api/queues/${queueId}/join`, {
      method: "POST",
      json: { customerName: "Ana", customerPhone: "0123456789", partySize: 2 },
    });
    assert.equal(joined.status, 201, joined.body);
    const { entry } = JSON.parse(joined.body);
    const login = await hostRequest(port, DEMO, "/api/auth/login", {
      method: "POST",
      json: { email: "staff@demo.test", password: "demo1234" },
    });
    assert.equal(login.status, 200, login.body);
    const cookie = cookiesOf(login);

    for (
      const [path, headers] of [
        [`/queue/status/${entry.sessionId}/events`, {}],
        ["/dashboard/events", { cookie }],
        [`/dashboard/queues/${queueId}/events`, { cookie }],
      ] as const
    ) {
      const res = await hostStream(port, DEMO, path, headers);
      assert.equal(res.status, 200, path);
      const events = sseReader(res.body);
      streams.push(events);
      assert.ok(await events.next(BOUND_MS), `${path} sends its snapshot`);
    }

    const signalled = performance.now();
    app.child.kill("SIGTERM");
    for (const events of streams) {
      // Resolves only when the server ends the response; a broken connection rejects.
      assert.deepEqual(await events.end(BOUND_MS), [], "no event after the signal");
      assert.equal(events.retries.length, 2, "a last retry hint before the end");
      assert.ok(events.retries[1]! >= 3000, "reconnects wait at least the usual retry");
    }
    const status = await app.exited(BOUND_MS);
    const exitMs = Math.round(performance.now() - signalled);
    assert.ok(status, `the app still runs ${BOUND_MS} ms after SIGTERM:\n${app.output()}`);
    assert.equal(status.code, 0, app.output());
    assert.match(app.output(), /"msg":"stopped"/);
    assert.doesNotMatch(app.output(), /Uncaught|open connections left/);
    // deno-lint-ignore no-console
    console.log(`SIGTERM to exit: ${exitMs} ms`);
  } finally {
    await Promise.all(streams.map((events) => events.cancel()));
    await app.close();
  }
});
