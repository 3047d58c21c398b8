import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { firstQueueId, formSession, jsonPost, staffCookie } from "./helpers/forms.ts";

const DEMO = "http://demo.localhost";

Deno.test("the customer's own page: cancel, confirm, recover a lost link, come back", async (t) => {
  const app = await startTestApp();
  try {
    const queueId = await firstQueueId(app, DEMO);
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
    const join = async (n: number) =>
      (await (await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: `Guest ${n}`,
        customerPhone: `01298765${n}0`,
        partySize: 2,
      })).json()).entry;
    const own = (sessionId: string, action: string) =>
      jsonPost(app, `${DEMO}/api/queues/entry/${sessionId}/${action}`, {});

    await t.step("a waiting customer cancels; a second cancel is a 409", async () => {
      const a = await join(1);
      assert.equal(a.allowCancellation, true);
      const res = await own(a.sessionId, "cancel");
      assert.equal(res.status, 200);
      assert.equal((await res.json()).entry.status, "cancelled");
      const again = await own(a.sessionId, "cancel");
      assert.equal(again.status, 409);
      assert.match((await again.json()).error, /already ended/);
    });

    await t.step("when the queue does not allow it, cancelling is refused with why", async () => {
      const b = await join(2);
      await app.request(`${DEMO}/api/queues/${queueId}`, {
        method: "PUT",
        headers: { cookie: owner, "content-type": "application/json" },
        body: JSON.stringify({ allowCancellation: false }),
      });
      const res = await own(b.sessionId, "cancel");
      assert.equal(res.status, 403);
      assert.match((await res.json()).error, /does not take cancellations online/);
    });

    await t.step("confirming before being called is a 409; after the call it sticks", async () => {
      const early = await own((await join(3)).sessionId, "confirm");
      assert.equal(early.status, 409);
      await early.body?.cancel();
      const called = await (await jsonPost(app, `${DEMO}/api/queues/${queueId}/call-next`, {}, {
        headers: { cookie: staff },
      })).json();
      const status = await (await app.request(`${DEMO}/api/queues/entry/${called.entry.sessionId}`))
        .json();
      assert.equal(status.entry.requireConfirmation, true);
      const res = await own(called.entry.sessionId, "confirm");
      assert.equal(res.status, 200);
      assert.match((await res.json()).entry.confirmedAt, /^\d{4}-/);
    });

    await t.step(
      "a lost link is found with the phone and the code; a wrong code is not",
      async () => {
        const d = await join(4);
        const wrong = await jsonPost(app, `${DEMO}/api/queues/recover`, {
          customerPhone: "012987654 0",
          verificationCode: d.verificationCode === "0000" ? "1111" : "0000",
        });
        assert.equal(wrong.status, 404);
        assert.deepEqual(await wrong.json(), {
          error: "No waiting party matches that phone number and code",
          code: "not_found",
        });
        const right = await jsonPost(app, `${DEMO}/api/queues/recover`, {
          customerPhone: "01298765 40",
          verificationCode: d.verificationCode,
        });
        assert.equal(right.status, 200);
        assert.equal((await right.json()).entry.sessionId, d.sessionId);
      },
    );

    await t.step("guessing codes locks that phone, from any address", async () => {
      const e = await join(5);
      const wrongCode = e.verificationCode === "0000" ? "1111" : "0000";
      const statuses = [];
      for (let i = 0; i < 6; i++) {
        const res = await jsonPost(app, `${DEMO}/api/queues/recover`, {
          customerPhone: "0129876550",
          verificationCode: wrongCode,
        }, { ip: `192.0.2.${i + 1}` });
        statuses.push(res.status);
        await res.body?.cancel();
      }
      assert.deepEqual(statuses, [404, 404, 404, 404, 404, 429]);
      const right = await jsonPost(app, `${DEMO}/api/queues/recover`, {
        customerPhone: "0129876550",
        verificationCode: e.verificationCode,
      }, { ip: "192.0.2.99" });
      assert.equal(right.status, 429, "even the right code waits out the lock");
      await right.body?.cancel();
    });

    await t.step(
      "the phone that joined sees 'You're in the queue' when it comes back",
      async () => {
        const { cookie, token } = await formSession(app, `${DEMO}/`);
        const res = await app.request(`${DEMO}/api/queues/${queueId}/join`, {
          method: "POST",
          headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            _csrf: token,
            customerName: "Returning",
            customerPhone: "0129990000",
            partySize: "2",
          }).toString(),
        });
        assert.equal(res.status, 303);
        const tickets = res.headers.getSetCookie().find((c) => c.startsWith("qms_tickets="))!;
        const home = await app.request(`${DEMO}/`, {
          headers: { cookie: `${cookie}; ${tickets.split(";")[0]}` },
        });
        const html = await home.text();
        assert.match(html, /You&#39;re in the queue · A00\d|You're in the queue · A00\d/);
        assert.match(html, new RegExp(res.headers.get("location")!));
        const strangerPage = await app.request(`${DEMO}/`);
        assert.equal(strangerPage.status, 200);
        const stranger = await strangerPage.text();
        assert.match(stranger, /Join the queue/, "the same home page");
        assert.doesNotMatch(stranger, /in the queue ·/);
      },
    );
  } finally {
    await app.close();
  }
});
