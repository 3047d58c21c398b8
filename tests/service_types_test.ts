import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";

Deno.test("service types are offered at join and shown on the board", async (t) => {
  const app = await startTestApp();
  try {
    const queueId = await firstQueueId(app, DEMO);
    const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const add = (cookie: string, body: unknown) =>
      jsonPost(app, `${DEMO}/api/queues/${queueId}/service-types`, body, { headers: { cookie } });
    let takeaway = "";
    let dineIn = "";

    await t.step("managers add types; staff may not; bad input names the field", async () => {
      const a = await add(owner, { name: "Dine-in", estimatedServiceTime: 30, sortOrder: 1 });
      assert.equal(a.status, 201);
      dineIn = (await a.json()).serviceType.id;
      const b = await add(owner, { name: "Takeaway", estimatedServiceTime: 5, sortOrder: 2 });
      takeaway = (await b.json()).serviceType.id;
      const denied = await add(staff, { name: "Bar" });
      assert.equal(denied.status, 403);
      await denied.body?.cancel();
      const bad = await add(owner, { name: "", estimatedServiceTime: 0 });
      assert.equal(bad.status, 422);
      const { fields } = await bad.json();
      assert.equal(fields.name, "Name is required");
      assert.equal(fields.estimatedServiceTime, "Service time must be at least 1 minute");
    });

    await t.step("anyone lists a queue's types; the join form offers them", async () => {
      const res = await app.request(`${DEMO}/api/queues/${queueId}/service-types`);
      const { serviceTypes } = await res.json();
      assert.deepEqual(serviceTypes.map((s: { name: string }) => s.name), ["Dine-in", "Takeaway"]);
      const html = await (await app.request(`${DEMO}/`)).text();
      assert.match(html, new RegExp(`name="serviceTypeId" value="${takeaway}"`));
    });

    await t.step("a join with a type shows it on the board; a foreign type is a 422", async () => {
      const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: "Ana",
        customerPhone: "0123456789",
        partySize: 1,
        serviceTypeId: takeaway,
      });
      assert.equal(res.status, 201);
      const board = await app.request(`${DEMO}/dashboard/queues/${queueId}`, {
        headers: { cookie: staff },
      });
      assert.match(await board.text(), /"serviceTypeName":"Takeaway"/);
      const cafeQueue = await firstQueueId(app, CAFE);
      const wrong = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: "Ben",
        customerPhone: "0123456780",
        partySize: 1,
        serviceTypeId: crypto.randomUUID(),
      });
      assert.equal(wrong.status, 422);
      assert.equal(
        (await wrong.json()).fields.serviceTypeId,
        "Choose one of this queue's service types",
      );
      const foreignList = await app.request(`${DEMO}/api/queues/${cafeQueue}/service-types`);
      assert.equal(foreignList.status, 404);
      await foreignList.body?.cancel();
    });

    await t.step("until there is history, a type's own service time drives the quote", async () => {
      const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: "Cara",
        customerPhone: "0123456781",
        partySize: 2,
      });
      const { entry } = await res.json();
      assert.equal(entry.position, 2);
      assert.equal(entry.estimatedWaitTime, 5, "one takeaway ahead at 5 min, not the queue's 15");
    });

    await t.step("a removed type is no longer offered", async () => {
      const res = await app.request(`${DEMO}/api/queues/${queueId}/service-types/${dineIn}`, {
        method: "DELETE",
        headers: { cookie: owner },
      });
      assert.equal(res.status, 204);
      const { serviceTypes } =
        await (await app.request(`${DEMO}/api/queues/${queueId}/service-types`)).json();
      assert.deepEqual(serviceTypes.map((s: { name: string }) => s.name), ["Takeaway"]);
    });
  } finally {
    await app.close();
  }
});
