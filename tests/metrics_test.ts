import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { firstQueueId, jsonPost } from "./helpers/forms.ts";
import { drainOutbox } from "./helpers/outbox.ts";
import { parsePrometheus } from "./helpers/prometheus_parse.ts";

const TOKEN = "metrics-token-for-tests-0123456789";
const DEMO = "http://demo.localhost";
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-/;

Deno.test("/metrics: Prometheus text for operators only, by route pattern", async (t) => {
  const app = await startTestApp({ METRICS_TOKEN: TOKEN }, { startDispatcher: false });
  try {
    const scrape = (host: string, token?: string) =>
      app.request(`http://${host}/metrics`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    const queueId = await firstQueueId(app, DEMO);
    const joined = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
      customerName: "Metric Guest",
      customerPhone: "0123456000",
      partySize: 2,
    });
    const { entry } = await joined.json();
    assert.equal((await app.request(`${DEMO}/api/queues/entry/${entry.sessionId}`)).status, 200);
    assert.equal((await app.request(`${DEMO}/api/queues/entry/nosuchticket`)).status, 404);
    assert.equal((await drainOutbox(app)).pending, 0);

    await t.step("without the token a 401; on a tenant's host no such page", async () => {
      assert.equal((await scrape("localhost")).status, 401);
      assert.equal((await scrape("localhost", "wrong-token-wrong-token")).status, 401);
      const tenant = await scrape("demo.localhost", TOKEN);
      assert.equal(tenant.status, 404);
      assert.doesNotMatch(await tenant.text(), /http_requests_total/);
    });

    await t.step("the bare IP and the apex answer with parseable Prometheus text", async () => {
      for (const host of ["127.0.0.1", "localhost", "admin.localhost"]) {
        const res = await scrape(host, TOKEN);
        assert.equal(res.status, 200, host);
        assert.equal(res.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
        parsePrometheus(await res.text());
      }
    });

    await t.step("every metric the operators need, with patterns instead of ids", async () => {
      const { types, samples } = parsePrometheus(await (await scrape("127.0.0.1", TOKEN)).text());
      assert.equal(types.get("http_requests_total"), "counter");
      assert.equal(types.get("http_request_duration_seconds"), "histogram");
      for (
        const g of [
          "sse_connections",
          "outbox_pending",
          "outbox_oldest_age_seconds",
          "queue_waiting",
        ]
      ) {
        assert.equal(types.get(g), "gauge", g);
      }
      const requests = samples.filter((s) => s.name === "http_requests_total");
      assert.ok(requests.every((s) => !UUID.test(s.labels.route!)), "no raw ids in labels");
      const lookups = requests.filter((s) => s.labels.route === "/api/queues/entry/:sessionId");
      assert.deepEqual(
        lookups.map((s) => [s.labels.status, s.value]).sort(),
        [["200", 1], ["404", 1]],
      );
      const join = requests.find((s) => s.labels.route === "/api/queues/:id/join");
      assert.equal(join?.labels.method, "POST");
      assert.equal(join?.labels.status, "201");
      const waiting = samples.find((s) => s.name === "queue_waiting" && s.labels.tenant === "demo");
      assert.equal(waiting?.value, 1);
      assert.equal(samples.find((s) => s.name === "outbox_pending")?.value, 0);
      const sent = samples.filter((s) => s.name === "notifications_total");
      assert.ok(sent.some((s) => s.labels.channel === "webchat" && s.value >= 1));
    });
  } finally {
    await app.close();
  }
});

Deno.test("/metrics is not served at all without METRICS_TOKEN", async () => {
  const app = await startTestApp({}, { startDispatcher: false });
  try {
    const res = await app.request("http://localhost/metrics", {
      headers: { authorization: "Bearer anything-at-all-here" },
    });
    assert.equal(res.status, 404);
    await res.body?.cancel();
  } finally {
    await app.close();
  }
});
