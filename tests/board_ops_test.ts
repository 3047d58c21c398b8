import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import type { EntryView } from "../lib/queue/entry_view.ts";

const DEMO = "http://demo.localhost";

Deno.test("reorder and bulk call change the line as staff expect", async (t) => {
  const app = await startTestApp();
  try {
    const queueId = await firstQueueId(app, DEMO);
    const cookie = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const parties: EntryView[] = [];
    for (let n = 1; n <= 5; n++) {
      const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: `Guest ${n}`,
        customerPhone: `012345671${n}`,
        partySize: n,
      });
      parties.push((await res.json()).entry);
    }
    const staff = (path: string, body: unknown) =>
      jsonPost(app, `${DEMO}/api/queues/${queueId}/${path}`, body, { headers: { cookie } });
    const positions = async () => {
      const all: EntryView[] = await Promise.all(
        parties.map(async (p) =>
          (await (await app.request(`${DEMO}/api/queues/entry/${p.sessionId}`)).json()).entry
        ),
      );
      return all.filter((e) => e.status === "waiting")
        .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
        .map((e) => e.ticketNumber);
    };
    const p = (i: number) => parties[i]!;

    await t.step(
      "moving the last party to the front makes it first; the rest move down",
      async () => {
        const res = await staff("reorder", { entryId: p(4).id, beforeEntryId: p(0).id });
        assert.equal(res.status, 200);
        assert.equal((await res.json()).entry.position, 1);
        assert.deepEqual(await positions(), ["A005", "A001", "A002", "A003", "A004"]);
      },
    );

    await t.step("moving to the end with beforeEntryId null", async () => {
      await staff("reorder", { entryId: p(4).id, beforeEntryId: null });
      assert.deepEqual(await positions(), ["A001", "A002", "A003", "A004", "A005"]);
    });

    await t.step("many moves between the same two neighbours keep a consistent line", async () => {
      for (let i = 0; i < 60; i++) {
        const mover = i % 2 === 0 ? p(2) : p(3);
        const res = await staff("reorder", { entryId: mover.id, beforeEntryId: p(1).id });
        assert.equal(res.status, 200);
      }
      const line = await positions();
      assert.equal(line.length, 5);
      assert.deepEqual(line.slice(0, 1), ["A001"]);
      assert.equal(line[3], "A002");
    });

    await t.step("bulk call calls exactly the chosen parties", async () => {
      const res = await staff("call-bulk", { entryIds: [p(1).id, p(3).id] });
      assert.equal(res.status, 200);
      const { entries } = await res.json();
      assert.deepEqual(entries.map((e: { status: string }) => e.status), ["called", "called"]);
      assert.equal((await positions()).length, 3);
    });

    await t.step(
      "a bulk call with a party already called changes nothing and says who",
      async () => {
        const res = await staff("call-bulk", { entryIds: [p(0).id, p(1).id] });
        assert.equal(res.status, 409);
        assert.match(
          (await res.json()).error,
          /Cannot call A002: no longer waiting; nobody was called/,
        );
        assert.equal((await positions()).length, 3);
      },
    );

    await t.step(
      "bad bodies are 422 naming the field; moving a called party is a 409",
      async () => {
        const empty = await staff("call-bulk", { entryIds: [] });
        assert.equal(empty.status, 422);
        assert.equal((await empty.json()).fields.entryIds, "Choose at least one party to call");
        const bad = await staff("reorder", { entryId: "x", beforeEntryId: null });
        assert.equal(bad.status, 422);
        assert.ok((await bad.json()).fields.entryId);
        const called = await staff("reorder", { entryId: p(1).id, beforeEntryId: null });
        assert.equal(called.status, 409);
        await called.body?.cancel();
      },
    );
  } finally {
    await app.close();
  }
});
