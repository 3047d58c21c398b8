import assert from "node:assert/strict";
import { revokeUserSessions } from "../lib/auth/revoke_sessions.ts";
import { cookiesOf, hostRequest, hostStream, startAppProcess } from "./helpers/main_process.ts";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";
import { firstQueueId, jsonPost } from "./helpers/forms.ts";
import { type SseReader, sseReader } from "./helpers/sse_reader.ts";

const DEMO = "http://demo.localhost";
const STAFF = { email: "staff@demo.test", password: "demo1234" };
const OWNER = { email: "owner@demo.test", password: "demo1234" };

/**
 * The periodic recheck is pushed out of reach here, so only the revocation topic can end a
 * stream within a test's bounded wait: these tests prove the immediate path.
 */
const NO_RECHECK = { STAFF_STREAM_RECHECK_MS: "3600000" };

async function signIn(app: TestApp, who: { email: string; password: string }) {
  const res = await jsonPost(app, `${DEMO}/api/auth/login`, who);
  assert.equal(res.status, 200, `${who.email} signs in`);
  const { user } = await res.json();
  return { cookie: res.headers.get("set-cookie")!.split(";")[0]!, userId: user.id as string };
}

/** Opens a staff event stream and reads its first snapshot. */
async function openStream(app: TestApp, path: string, cookie: string): Promise<SseReader> {
  const res = await app.request(`${DEMO}${path}`, { headers: { cookie } });
  assert.equal(res.status, 200, `${path} opens`);
  assert.equal(res.headers.get("content-type"), "text/event-stream; charset=utf-8");
  const events = sseReader(res.body!);
  assert.ok(await events.next(), `${path} sends its snapshot`);
  return events;
}

/**
 * Opens the board and dashboard streams of a session that `revoke` ends, and the board stream of
 * one it keeps; after the revocation the revoked streams end, and a customer who joins next is
 * seen only by the kept stream.
 */
async function checkRevocationEndsStreams(
  app: TestApp,
  sessions: { revoked: string; kept: string },
  revoke: () => Promise<void>,
) {
  const queueId = await firstQueueId(app, DEMO);
  const board = `/dashboard/queues/${queueId}/events`;
  const revokedBoard = await openStream(app, board, sessions.revoked);
  const revokedDashboard = await openStream(app, "/dashboard/events", sessions.revoked);
  const keptBoard = await openStream(app, board, sessions.kept);
  try {
    await revoke();
    const afterRevocation = [...await revokedBoard.end(), ...await revokedDashboard.end()];
    assert.equal(app.deps.hub.stats().subscribers, 1, "only the kept stream is subscribed");

    const joined = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
      customerName: "Late Lee",
      customerPhone: "0123456781",
      partySize: 2,
    });
    assert.equal(joined.status, 201);
    const update = await keptBoard.next();
    assert.match(
      JSON.stringify(update?.data),
      /Late Lee/,
      "the kept session sees the new customer",
    );
    assert.doesNotMatch(JSON.stringify(afterRevocation), /Late Lee|0123456781/);
    assert.equal(await revokedBoard.next(), null, "the revoked board stream stays ended");
  } finally {
    await Promise.all([revokedBoard.cancel(), revokedDashboard.cancel(), keptBoard.cancel()]);
  }
}

Deno.test("staff streams: signing out ends that session's streams, not the user's other one", async () => {
  const app = await startTestApp(NO_RECHECK);
  try {
    const signedOut = await signIn(app, STAFF);
    const otherDevice = await signIn(app, STAFF);
    await checkRevocationEndsStreams(
      app,
      { revoked: signedOut.cookie, kept: otherDevice.cookie },
      async () => {
        const res = await jsonPost(app, `${DEMO}/api/auth/logout`, {}, {
          headers: { cookie: signedOut.cookie },
        });
        assert.equal(res.status, 200);
      },
    );
  } finally {
    await app.close();
  }
});

for (
  const [change, body] of [["deactivating", { isActive: false }], ["a role change of", {
    role: "ADMIN",
  }]] as const
) {
  Deno.test(`staff streams: ${change} a staff member ends their streams at once`, async () => {
    const app = await startTestApp(NO_RECHECK);
    try {
      const staff = await signIn(app, STAFF);
      const owner = await signIn(app, OWNER);
      await checkRevocationEndsStreams(
        app,
        { revoked: staff.cookie, kept: owner.cookie },
        async () => {
          const res = await app.request(`${DEMO}/api/users/${staff.userId}`, {
            method: "PUT",
            headers: { "content-type": "application/json", cookie: owner.cookie },
            body: JSON.stringify(body),
          });
          assert.equal(res.status, 200, await res.clone().text());
        },
      );
      const stale = await app.request(`${DEMO}/dashboard/events`, {
        headers: { cookie: staff.cookie, accept: "text/event-stream" },
      });
      assert.equal(stale.status, 303, "the revoked session cannot open a new stream");
      await stale.body?.cancel();
    } finally {
      await app.close();
    }
  });
}

Deno.test("staff streams: a revocation written by another process ends them at the recheck", async () => {
  // A local KV watch does not see another process's writes (denoland/deno#21640): the recheck
  // of the session is what reaches this process. This test process is the other process.
  const app = await startAppProcess({ STAFF_STREAM_RECHECK_MS: "1000" });
  const streams: SseReader[] = [];
  try {
    const { port } = app;
    const home = await hostRequest(port, "demo.localhost", "/");
    const queueId = home.body.match(/name="queueId" value="([0-9a-f-]{36})"/)?.[1];
    assert.ok(queueId, app.output());
    const signInOver = async (who: { email: string; password: string }) => {
      const reply = await hostRequest(port, "demo.localhost", "/api/auth/login", {
        method: "POST",
        json: who,
      });
      assert.equal(reply.status, 200, reply.body);
      return { cookie: cookiesOf(reply), userId: JSON.parse(reply.body).user.id as string };
    };
    const staff = await signInOver(STAFF);
    const owner = await signInOver(OWNER);
    for (const cookie of [staff.cookie, owner.cookie]) {
      const res = await hostStream(port, "demo.localhost", `/dashboard/queues/${queueId}/events`, {
        cookie,
      });
      assert.equal(res.status, 200);
      const events = sseReader(res.body);
      streams.push(events);
      assert.ok(await events.next(), "the board snapshot");
    }
    const [staffBoard, ownerBoard] = streams as [SseReader, SseReader];

    const kv = await Deno.openKv(app.kvPath);
    try {
      assert.equal(await revokeUserSessions(kv, staff.userId), 1);
    } finally {
      kv.close();
    }
    assert.deepEqual(await staffBoard.end(), [], "the staff member's stream ends");

    const joined = await hostRequest(port, "demo.localhost", `/api/queues/${queueId}/join`, {
      method: "POST",
      json: { customerName: "Late Lee", customerPhone: "0123456781", partySize: 2 },
    });
    assert.equal(joined.status, 201, joined.body);
    assert.match(JSON.stringify((await ownerBoard.next())?.data), /Late Lee/);
  } finally {
    await Promise.all(streams.map((events) => events.cancel()));
    await app.close();
  }
});
