// deno-lint-ignore-file no-console
/**
 * `deno run -A bench/conversation_latency.ts [messages] [waiting]`: queueing by WhatsApp under
 * load. A line of `waiting` parties (default 1000: ten times a busy venue's 100) is put in the
 * queue first; then `messages` customers (default 100) each send a Meta-signed "JOIN". Measured: the
 * webhook's answer (what Meta waits for: signature, tenant lookup, store, outbox) and the time
 * from the POST to the reply reaching a loopback WhatsApp Cloud API (the conversation runs from
 * the outbox, with the dispatcher woken after each commit as in production). Median and p99.
 */
import { firstQueueId, staffCookie } from "../tests/helpers/forms.ts";
import { fillLine } from "../tests/helpers/bulk_line_repo.ts";
import { postWhatsApp, whatsAppBody } from "../tests/helpers/messaging_webhooks.ts";
import { startWhatsAppStub } from "../tests/helpers/provider_stubs.ts";
import { DB_KIND, startTestApp } from "../tests/helpers/test_app.ts";

const MESSAGES = Number(Deno.args[0] ?? 100);
const WAITING = Number(Deno.args[1] ?? 1000);
const DEMO = "http://demo.localhost";
const SECRET = "bench-secret";

const whatsapp = startWhatsAppStub();
const app = await startTestApp({
  WHATSAPP_ACCESS_TOKEN: "bench-token",
  WHATSAPP_API_URL: whatsapp.url,
  WHATSAPP_APP_SECRET: SECRET,
  RATE_LIMIT_JOIN_PER_MINUTE: "1000000",
  RATE_LIMIT_MAX_BASIC: "1000000",
  RATE_LIMIT_MAX_ENTERPRISE: "1000000",
});
const pct = (samples: number[], p: number) =>
  samples[Math.min(samples.length - 1, Math.ceil(p * samples.length) - 1)]!;
const report = (what: string, samples: number[]) => {
  samples.sort((a, b) => a - b);
  console.log(
    `${what} (${DB_KIND}, ${samples.length} messages, ${WAITING} waiting): median ${
      pct(samples, 0.5).toFixed(1)
    } ms, p99 ${pct(samples, 0.99).toFixed(1)} ms, max ${samples.at(-1)!.toFixed(1)} ms`,
  );
};
try {
  const queueId = await firstQueueId(app, DEMO);
  const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
  const raised = await app.request(`${DEMO}/api/queues/${queueId}`, {
    method: "PUT",
    headers: { cookie: owner, "content-type": "application/json" },
    body: JSON.stringify({ maxCapacity: WAITING + MESSAGES + 10 }),
  });
  if (raised.status !== 200) throw new Error(`capacity: ${raised.status} ${await raised.text()}`);
  const tenant = await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" });
  await fillLine(app.deps.db, tenant!.id, queueId, WAITING);
  const acks: number[] = [];
  const replies: number[] = [];
  for (let n = 0; n < MESSAGES; n++) {
    const phone = `+6019${String(n).padStart(7, "0")}`;
    const raw = whatsAppBody({ phoneNumberId: "100000000000001", from: phone, text: "JOIN 2" });
    const before = whatsapp.received.length;
    const started = performance.now();
    const res = await postWhatsApp(app, raw, SECRET);
    acks.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`webhook ${n}: ${res.status}`);
    await res.body?.cancel();
    const to = phone.slice(1);
    while (!whatsapp.received.slice(before).some((m) => m.body.to === to)) {
      await new Promise((r) => setTimeout(r, 0));
    }
    replies.push(performance.now() - started);
  }
  report("WhatsApp webhook → 200", acks);
  report("WhatsApp JOIN → reply at loopback Cloud API", replies);
} finally {
  await app.close();
  await whatsapp.close();
}
