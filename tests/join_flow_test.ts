import assert from "node:assert/strict";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";

async function queueIdOf(t: TestApp, base: string): Promise<string> {
  const html = await (await t.request(`${base}/`)).text();
  const m = html.match(/name="queueId" value="([0-9a-f-]{36})"/);
  assert.ok(m, "the home page has a join form");
  return m[1]!;
}

function joinJson(t: TestApp, queueId: string, body: unknown, base = DEMO) {
  return t.request(`${base}/api/queues/${queueId}/join`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

Deno.test("the join flow: join over JSON, read the status, staff calls next", async (t) => {
  const app = await startTestApp();
  try {
    const queueId = await queueIdOf(app, DEMO);

    await t.step("GET / lists the open queue with its wait and a join form", async () => {
      const res = await app.request(`${DEMO}/`);
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(html, /Demo Bistro/);
      assert.match(html, /Dine-in/);
      assert.match(html, /No wait right now/);
      for (const f of ["customerName", "customerPhone", "partySize", "notes"]) {
        assert.match(html, new RegExp(`name="${f}"`));
      }
    });

    const first = await joinJson(app, queueId, {
      customerName: "Ana",
      customerPhone: "+60 12 345 6789",
      partySize: 2,
    });
    assert.equal(first.status, 201);
    const { entry: a } = await first.json();
    await t.step("POST join answers 201 with the entry", () => {
      assert.equal(a.ticketNumber, "A001");
      assert.equal(a.position, 1);
      assert.equal(a.estimatedWaitTime, 0);
      assert.equal(a.status, "waiting");
      assert.match(a.sessionId, /^[A-Za-z0-9_-]{32}$/);
      assert.match(a.id, /^[0-9a-f-]{36}$/);
    });

    const second = await joinJson(app, queueId, {
      customerName: "Ben",
      customerPhone: "0123456780",
      partySize: 4,
      notes: "High chair please",
    });
    const { entry: b } = await second.json();
    await t.step("the second party is second, with an estimate", () => {
      assert.equal(second.status, 201);
      assert.equal(b.ticketNumber, "A002");
      assert.equal(b.position, 2);
      assert.equal(b.estimatedWaitTime, 15);
    });

    await t.step("the home page now shows the queue's wait", async () => {
      const html = await (await app.request(`${DEMO}/`)).text();
      assert.match(html, /2 parties waiting · about 30 min/);
    });

    await t.step("GET /api/queues/entry/:sessionId returns the entry", async () => {
      const res = await app.request(`${DEMO}/api/queues/entry/${b.sessionId}`);
      assert.equal(res.status, 200);
      const { entry } = await res.json();
      assert.equal(entry.id, b.id);
      assert.equal(entry.position, 2);
    });

    await t.step("the status page shows ticket, place and wait", async () => {
      const res = await app.request(`${DEMO}/queue/status/${b.sessionId}`);
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(html, /A002/);
      assert.match(html, /data-island="QueueStatus"/);
      assert.match(html, /data-testid="position">2</);
    });

    await t.step("call-next without a session is refused with 401", async () => {
      const res = await app.request(`${DEMO}/api/queues/${queueId}/call-next`, { method: "POST" });
      assert.equal(res.status, 401);
      assert.deepEqual(await res.json(), { error: "Sign in to continue", code: "unauthorized" });
    });

    const login = await app.request(`${DEMO}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "staff@demo.test", password: "demo1234" }),
    });
    assert.equal(login.status, 200);
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;

    await t.step("staff calls next: Ana is called and Ben moves up", async () => {
      const res = await app.request(`${DEMO}/api/queues/${queueId}/call-next`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: "{}",
      });
      assert.equal(res.status, 200);
      const { entry } = await res.json();
      assert.equal(entry.id, a.id);
      assert.equal(entry.status, "called");
      const ana = await (await app.request(`${DEMO}/api/queues/entry/${a.sessionId}`)).json();
      assert.equal(ana.entry.status, "called");
      const ben = await (await app.request(`${DEMO}/api/queues/entry/${b.sessionId}`)).json();
      assert.equal(ben.entry.position, 1);
      assert.equal(ben.entry.estimatedWaitTime, 0);
    });

    await t.step("the staff board lists who waits and who was called", async () => {
      const res = await app.request(`${DEMO}/dashboard/queues/${queueId}`, { headers: { cookie } });
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(html, /data-island="StaffBoard"/);
      assert.match(html, /High chair please/);
      assert.match(html, /Waiting \(1\)/);
      assert.match(html, /Called \(1\)/);
    });

    await t.step("calling next twice more: Ben, then a 409 saying nobody waits", async () => {
      const call = () =>
        app.request(`${DEMO}/api/queues/${queueId}/call-next`, {
          method: "POST",
          headers: { cookie, "content-type": "application/json" },
          body: "{}",
        });
      assert.equal((await (await call()).json()).entry.id, b.id);
      const res = await call();
      assert.equal(res.status, 409);
      assert.deepEqual(await res.json(), {
        error: "Nobody is waiting in this queue",
        code: "nobody_waiting",
      });
    });
  } finally {
    await app.close();
  }
});

Deno.test("joining with bad input names each field, over JSON and in the form", async (t) => {
  const app = await startTestApp();
  try {
    const queueId = await queueIdOf(app, DEMO);

    await t.step("JSON: 422 with a message per field", async () => {
      const res = await joinJson(app, queueId, {
        customerName: " ",
        customerPhone: "12",
        partySize: 0,
        notes: "n".repeat(501),
      });
      assert.equal(res.status, 422);
      const body = await res.json();
      assert.deepEqual(Object.keys(body.fields).sort(), [
        "customerName",
        "customerPhone",
        "notes",
        "partySize",
      ]);
      assert.equal(body.fields.partySize, "Party size must be at least 1");
    });

    await t.step("JSON: malformed body is a 400", async () => {
      const res = await app.request(`${DEMO}/api/queues/${queueId}/join`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{not json",
      });
      assert.equal(res.status, 400);
      assert.deepEqual(await res.json(), {
        error: "The request body must be a JSON object",
        code: "bad_request",
      });
    });

    await t.step("form: the page comes back with messages and the values kept", async () => {
      const home = await app.request(`${DEMO}/`);
      const csrfCookie = home.headers.get("set-cookie")!.split(";")[0]!;
      const token = (await home.text()).match(/name="_csrf" value="([^"]+)"/)![1]!;
      const form = new URLSearchParams({
        _csrf: token,
        customerName: "Chen",
        customerPhone: "not a phone",
        partySize: "25",
        notes: "window seat",
      });
      const res = await app.request(`${DEMO}/api/queues/${queueId}/join`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
        body: form.toString(),
      });
      assert.equal(res.status, 422);
      const html = await res.text();
      assert.match(html, /value="Chen"/);
      assert.match(html, /value="not a phone"/);
      assert.match(html, />window seat</);
      assert.match(html, /Party size must be at most 20/);
      assert.match(html, /Phone number may contain only digits/);
    });

    await t.step("form: a valid join redirects to the status page", async () => {
      const home = await app.request(`${DEMO}/`);
      const csrfCookie = home.headers.get("set-cookie")!.split(";")[0]!;
      const token = (await home.text()).match(/name="_csrf" value="([^"]+)"/)![1]!;
      const res = await app.request(`${DEMO}/api/queues/${queueId}/join`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
        body: new URLSearchParams({
          _csrf: token,
          customerName: "Dee",
          customerPhone: "0123456789",
          partySize: "3",
        }).toString(),
      });
      assert.equal(res.status, 303);
      const location = res.headers.get("location")!;
      assert.match(location, /^\/queue\/status\/[A-Za-z0-9_-]{32}$/);
      const page = await app.request(`${DEMO}${location}`);
      assert.match(await page.text(), /Dee · 3 guests/);
    });
  } finally {
    await app.close();
  }
});

Deno.test("a queue or entry of another tenant is a 404", async () => {
  const app = await startTestApp();
  try {
    const demoQueue = await queueIdOf(app, DEMO);
    const cafeQueue = await queueIdOf(app, CAFE);
    const joinedCafe = await joinJson(app, cafeQueue, {
      customerName: "Eve",
      customerPhone: "0123456789",
      partySize: 1,
    }, CAFE);
    assert.equal(joinedCafe.status, 201);
    const { entry } = await joinedCafe.json();

    const crossJoin = await joinJson(app, cafeQueue, {
      customerName: "Mallory",
      customerPhone: "0123456781",
      partySize: 1,
    });
    assert.equal(crossJoin.status, 404);
    assert.deepEqual(await crossJoin.json(), { error: "Queue not found", code: "not_found" });

    const crossStatus = await app.request(`${DEMO}/api/queues/entry/${entry.sessionId}`);
    assert.equal(crossStatus.status, 404);
    const crossPage = await app.request(`${DEMO}/queue/status/${entry.sessionId}`);
    assert.equal(crossPage.status, 404);

    const own = await app.request(`${CAFE}/api/queues/entry/${entry.sessionId}`);
    assert.equal(own.status, 200);
    assert.equal((await own.json()).entry.ticketNumber, "C001");
    assert.notEqual(demoQueue, cafeQueue);
  } finally {
    await app.close();
  }
});
