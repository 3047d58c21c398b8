// deno-lint-ignore-file no-console
/**
 * `deno run -A bench/notify_latency.ts`: the time from a staff "Call" (the request starts) to
 * the SMS request reaching a loopback Twilio server, over 100 calls, with the outbox dispatcher
 * running as in production (woken after each commit). The app runs in process on the test
 * database (PGlite, or TEST_DATABASE_URL); the Twilio stand-in is tests/helpers/provider_stubs.ts.
 */
import { firstQueueId, jsonPost, staffCookie } from "../tests/helpers/forms.ts";
import { startTwilioStub } from "../tests/helpers/provider_stubs.ts";
import { DB_KIND, startTestApp } from "../tests/helpers/test_app.ts";

const CALLS = Number(Deno.args[0] ?? 100);
const DEMO = "http://demo.localhost";

const twilio = startTwilioStub();
const app = await startTestApp({
  TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000009",
  TWILIO_AUTH_TOKEN: "bench-token",
  TWILIO_API_URL: twilio.url,
  RATE_LIMIT_JOIN_PER_MINUTE: "100000",
});
try {
  const queueId = await firstQueueId(app, DEMO);
  const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
  const ids: string[] = [];
  for (let n = 0; n < CALLS; n++) {
    const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
      customerName: `Bench ${n}`,
      customerPhone: `+6017${String(n).padStart(7, "0")}`,
      partySize: 2,
    }, { ip: `198.51.100.${n % 250}` });
    if (res.status !== 201) throw new Error(`join ${n}: ${res.status} ${await res.text()}`);
    ids.push((await res.json()).entry.id);
  }
  // The "joined" messages go first; wait for them so they do not queue behind the calls.
  await twilio.waitFor(CALLS, 120_000);
  const samples: number[] = [];
  for (const [n, id] of ids.entries()) {
    const before = twilio.received.length;
    const started = performance.now();
    const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/call/${id}`, {}, {
      headers: { cookie: staff },
    });
    if (res.status !== 200) throw new Error(`call ${n}: ${res.status}`);
    await res.body?.cancel();
    const phone = `+6017${String(n).padStart(7, "0")}`;
    let sms;
    while (
      !(sms = twilio.received.slice(before).find((m) => m.to === phone && /your turn/.test(m.body)))
    ) {
      await new Promise((r) => setTimeout(r, 0));
    }
    samples.push(sms.at - started);
  }
  samples.sort((a, b) => a - b);
  const pct = (p: number) =>
    samples[Math.min(samples.length - 1, Math.ceil(p * samples.length) - 1)]!;
  console.log(
    `call → SMS at loopback Twilio (${DB_KIND}, ${samples.length} calls): median ${
      pct(0.5).toFixed(1)
    } ms, p99 ${pct(0.99).toFixed(1)} ms, max ${samples.at(-1)!.toFixed(1)} ms`,
  );
} finally {
  await app.close();
  await twilio.close();
}
