import assert from "node:assert/strict";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import { auditFor } from "./helpers/audit_probe.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";

function send(app: TestApp, method: string, url: string, cookie: string, body?: unknown) {
  return app.request(url, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

Deno.test("queue management: roles, validation, plan limits, toggle, delete", async (t) => {
  const app = await startTestApp();
  try {
    const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const cafeOwner = await staffCookie(app, CAFE, "owner@cafe.test", "cafe1234");
    let created = "";

    await t.step("any staff member lists queues; only OWNER/ADMIN create", async () => {
      const list = await send(app, "GET", `${DEMO}/api/queues`, staff);
      assert.equal(list.status, 200);
      const { queues } = await list.json();
      assert.deepEqual(queues.map((q: { name: string }) => q.name), ["Dine-in"]);
      const denied = await send(app, "POST", `${DEMO}/api/queues`, staff, { name: "Bar" });
      assert.equal(denied.status, 403);
      assert.deepEqual(await denied.json(), {
        error: "Your role does not allow this; ask an owner or admin",
        code: "forbidden",
      });
      assert.equal((await send(app, "GET", `${DEMO}/api/queues`, "")).status, 401);
    });

    await t.step("an owner creates a queue; settings use the spec's field names", async () => {
      const res = await send(app, "POST", `${DEMO}/api/queues`, owner, {
        name: "Bar seats",
        maxCapacity: 30,
        averageServiceTime: 20,
        businessHoursStart: "17:00",
        businessHoursEnd: "24:00",
        callTimeoutMinutes: 5,
        ticketPrefix: "B",
      });
      assert.equal(res.status, 201);
      const { queue } = await res.json();
      created = queue.id;
      assert.equal(queue.name, "Bar seats");
      assert.equal(queue.maxCapacity, 30);
      assert.equal(queue.acceptingCustomers, true);
      assert.equal(queue.allowCancellation, true);
      assert.equal(queue.businessHoursEnd, "24:00");
      const logs = await auditFor(app, "demo", created);
      assert.deepEqual(logs.map((l) => l.action), ["queue.create"]);
    });

    await t.step("bad settings are a 422 naming each field; nothing is created", async () => {
      const res = await send(app, "POST", `${DEMO}/api/queues`, owner, {
        name: "",
        maxCapacity: 0,
        businessHoursStart: "9am",
        acceptingCustomers: "yes",
      });
      assert.equal(res.status, 422);
      const { fields } = await res.json();
      assert.equal(fields.name, "Name is required");
      assert.equal(fields.maxCapacity, "Capacity must be at least 1");
      assert.equal(fields.businessHoursStart, "Opening time must look like 09:00");
      assert.ok(fields.acceptingCustomers);
      const list = await (await send(app, "GET", `${DEMO}/api/queues`, owner)).json();
      assert.equal(list.queues.length, 2);
    });

    await t.step("PUT changes only what it names; GET shows it", async () => {
      const res = await send(app, "PUT", `${DEMO}/api/queues/${created}`, owner, {
        acceptingCustomers: false,
        description: "High tables by the bar",
      });
      assert.equal(res.status, 200);
      const { queue } = await (await send(app, "GET", `${DEMO}/api/queues/${created}`, staff))
        .json();
      assert.equal(queue.acceptingCustomers, false);
      assert.equal(queue.description, "High tables by the bar");
      assert.equal(queue.maxCapacity, 30);
      const empty = await send(app, "PUT", `${DEMO}/api/queues/${created}`, owner, {});
      assert.equal(empty.status, 422);
    });

    await t.step("a queue of another tenant is a 404 for every verb", async () => {
      const cafeQueue = await firstQueueId(app, CAFE);
      for (
        const [method, path, body] of [
          ["GET", "", undefined],
          ["PUT", "", { name: "Mine" }],
          ["DELETE", "", undefined],
          ["POST", "/toggle", undefined],
        ] as const
      ) {
        const res = await send(app, method, `${DEMO}/api/queues/${cafeQueue}${path}`, owner, body);
        assert.equal(res.status, 404, `${method} ${path}`);
        await res.body?.cancel();
      }
    });

    await t.step("the FREE plan's queue limit refuses with a message naming it", async () => {
      for (const name of ["Takeaway", "Drinks"]) {
        assert.equal(
          (await send(app, "POST", `${CAFE}/api/queues`, cafeOwner, { name })).status,
          201,
        );
      }
      const res = await send(app, "POST", `${CAFE}/api/queues`, cafeOwner, { name: "One more" });
      assert.equal(res.status, 403);
      assert.match(
        (await res.json()).error,
        /Your plan allows 3 queues per location \(maxQueuesPerMerchant\)/,
      );
    });

    await t.step("toggle takes a queue off the customer page and stops joins", async () => {
      const queueId = await firstQueueId(app, DEMO);
      const off = await send(app, "POST", `${DEMO}/api/queues/${queueId}/toggle`, owner);
      assert.equal((await off.json()).queue.isActive, false);
      const home = await (await app.request(`${DEMO}/`)).text();
      assert.doesNotMatch(home, /Dine-in/);
      const join = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: "Ana",
        customerPhone: "0123456789",
        partySize: 2,
      });
      assert.equal(join.status, 404);
      const on = await send(app, "POST", `${DEMO}/api/queues/${queueId}/toggle`, owner);
      assert.equal((await on.json()).queue.isActive, true);
      const back = await (await app.request(`${DEMO}/`)).text();
      assert.match(back, /Dine-in/, "the same page shows it once it is back on");
    });

    await t.step("delete is refused while parties wait, then removes the queue", async () => {
      await send(app, "PUT", `${DEMO}/api/queues/${created}`, owner, {
        acceptingCustomers: true,
        businessHoursStart: "00:00",
        businessHoursEnd: "24:00",
      });
      const joined = await jsonPost(app, `${DEMO}/api/queues/${created}/join`, {
        customerName: "Ana",
        customerPhone: "0123456789",
        partySize: 2,
      });
      assert.equal(joined.status, 201);
      const { entry } = await joined.json();
      const refused = await send(app, "DELETE", `${DEMO}/api/queues/${created}`, owner);
      assert.equal(refused.status, 409);
      assert.match((await refused.json()).error, /1 party is still in Bar seats/);
      await send(app, "POST", `${DEMO}/api/queues/${created}/cancel/${entry.id}`, staff, {});
      const gone = await send(app, "DELETE", `${DEMO}/api/queues/${created}`, owner);
      assert.equal(gone.status, 204);
      assert.equal((await send(app, "GET", `${DEMO}/api/queues/${created}`, owner)).status, 404);
      const list = await (await send(app, "GET", `${DEMO}/api/queues`, owner)).json();
      assert.deepEqual(list.queues.map((q: { name: string }) => q.name), ["Dine-in"]);
    });
  } finally {
    await app.close();
  }
});
