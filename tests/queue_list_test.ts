import assert from "node:assert/strict";
import { listQueues } from "../lib/queue/queue_list.ts";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";
import { jsonPost, staffCookie } from "./helpers/forms.ts";
import { countQueries } from "./helpers/query_counter.ts";

const DEMO = "http://demo.localhost";

async function tenantId(app: TestApp, slug: string): Promise<string> {
  const tenant = await app.deps.tenants.lookup({ kind: "subdomain", slug });
  return tenant!.id;
}

async function createQueue(app: TestApp, cookie: string, name: string, minutes: number) {
  const res = await app.request(`${DEMO}/api/queues`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify({
      name,
      averageServiceTime: minutes,
      businessHoursStart: "00:00",
      businessHoursEnd: "24:00",
    }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()).queue.id as string;
}

Deno.test("listQueues() reads all of a tenant's queues in the same few queries", async () => {
  const app = await startTestApp();
  try {
    const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
    // Queue k has k parties waiting and quotes k × (5 + k) minutes for the next party.
    const queues = new Map<string, number>();
    let phone = 0;
    for (let k = 1; k <= 5; k++) {
      const id = await createQueue(app, owner, `Counter ${k}`, 5 + k);
      queues.set(id, k);
      for (let p = 0; p < k; p++) {
        const res = await jsonPost(app, `${DEMO}/api/queues/${id}/join`, {
          customerName: `Guest ${++phone}`,
          customerPhone: `0123460${String(phone).padStart(3, "0")}`,
          partySize: 1 + (p % 4),
        }, { ip: `10.9.${phone}.1` });
        assert.equal(res.status, 201);
      }
    }
    const demo = await tenantId(app, "demo");
    const cafe = await tenantId(app, "cafe");
    const counted = countQueries(app.deps.db);
    const queriesOf = async (tenant: string) => {
      await listQueues(counted.db, tenant); // builds (or finds) the models cached per queue
      const before = counted.count();
      const listing = await listQueues(counted.db, tenant);
      return { listing, queries: counted.count() - before };
    };

    const many = await queriesOf(demo);
    const one = await queriesOf(cafe);
    assert.equal(many.listing.length, 6, "the seeded queue and five new ones");
    assert.equal(one.listing.length, 1);
    assert.equal(many.queries, one.queries, "six queues cost what one costs");
    assert.ok(many.queries <= 4, `${many.queries} queries: tenant setting and three reads`);

    for (const [id, k] of queues) {
      const q = many.listing.find((l) => l.id === id);
      assert.equal(q?.waitingCount, k, `Counter ${k}`);
      assert.equal(q?.estimatedWaitTime, k * (5 + k), `Counter ${k}: ${k} ahead × ${5 + k} min`);
    }
    // The other tenant's listing holds none of these queues.
    assert.ok(one.listing.every((l) => !queues.has(l.id)));
  } finally {
    await app.close();
  }
});
