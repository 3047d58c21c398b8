import assert from "node:assert/strict";
import { cookiesOf, hostRequest, startAppProcess } from "./helpers/main_process.ts";
import { startTwilioStub } from "./helpers/provider_stubs.ts";
import { startSmtpSink } from "./helpers/smtp_sink.ts";

/** An SMTP "server" that accepts connections and never says a word: a send hangs in it. */
function startSilentSmtp() {
  const held: Deno.Conn[] = [];
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  (async () => {
    for await (const conn of listener) held.push(conn);
  })().catch(() => {});
  return {
    url: `smtp://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`,
    connections: () => held.length,
    close() {
      listener.close();
      for (const conn of held) {
        try {
          conn.close();
        } catch { /* already closed */ }
      }
    },
  };
}

async function until(
  check: () => boolean,
  what: string,
  ms = 60_000,
  look: () => Promise<void> = async () => {},
) {
  const deadline = Date.now() + ms;
  await look();
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
    await look();
  }
}

Deno.test({
  name:
    "notify: killed after the join committed and before the SMS went, the restart sends it once",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const twilio = startTwilioStub();
    const silent = startSilentSmtp();
    const sink = await startSmtpSink();
    const env = {
      TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000003",
      TWILIO_AUTH_TOKEN: "test-token",
      TWILIO_API_URL: twilio.url,
      OUTBOX_POLL_MS: "100",
      OUTBOX_LEASE_MS: "1500",
    };
    // The first process mails through a server that never answers: the event's handlers run in
    // order (email, then SMS), so it is stuck on the email with the SMS not yet begun.
    const first = await startAppProcess({ ...env, SMTP_URL: silent.url });
    let second: Awaited<ReturnType<typeof startAppProcess>> | null = null;
    try {
      const signIn = await hostRequest(first.port, "demo.localhost", "/api/auth/login", {
        method: "POST",
        json: { email: "staff@demo.test", password: "demo1234" },
      });
      assert.equal(signIn.status, 200);
      const queues = await hostRequest(first.port, "demo.localhost", "/api/queues", {
        headers: { cookie: cookiesOf(signIn) },
      });
      const queueId = JSON.parse(queues.body).queues[0].id;
      const joined = await hostRequest(
        first.port,
        "demo.localhost",
        `/api/queues/${queueId}/join`,
        {
          method: "POST",
          json: {
            customerName: "Kim Killed",
            customerPhone: "+60111222333",
            partySize: 2,
            customerEmail: "kim@example.test",
          },
        },
      );
      assert.equal(joined.status, 201, joined.body);
      const entryId = JSON.parse(joined.body).entry.id;
      await until(() => silent.connections() > 0, "the app to start mailing");
      first.child.kill("SIGKILL");
      assert.notEqual((await first.exited(10_000))?.success, true);
      await first.close({ keepData: true });
      assert.equal(twilio.requests(), 0, "no SMS before the kill");

      second = await startAppProcess({ ...env, SMTP_URL: sink.url }, { restartOf: first });
      const [sms] = await twilio.waitFor(1, 30_000);
      assert.equal(sms!.to, "+60111222333");
      assert.match(sms!.body, /you're in the queue/);

      const login = await hostRequest(second.port, "demo.localhost", "/api/auth/login", {
        method: "POST",
        json: { email: "staff@demo.test", password: "demo1234" },
      });
      assert.equal(login.status, 200);
      const log = await hostRequest(
        second.port,
        "demo.localhost",
        `/api/queues/${queueId}/entries/${entryId}/notifications`,
        { headers: { cookie: cookiesOf(login) } },
      );
      assert.equal(log.status, 200, log.body);
      const rows = JSON.parse(log.body).notifications as Array<
        { channel: string; status: string; errorMessage: string | null }
      >;
      const byChannel = Object.fromEntries(rows.map((r) => [r.channel, r]));
      assert.equal(byChannel.SMS?.status, "SENT");
      assert.equal(byChannel.WEBCHAT?.status, "DELIVERED", "the chat line went after the restart");
      // The mail was mid-send at the kill: nobody knows if it went, so it is not sent again.
      assert.equal(byChannel.EMAIL?.status, "FAILED");
      assert.match(byChannel.EMAIL?.errorMessage ?? "", /^interrupted/);
      assert.equal(rows.length, 3);
      // Once the restarted dispatcher has settled every event (its /readyz counts none
      // pending), nothing more went: still one SMS and no mail.
      let pending: number | null = null;
      await until(
        () => pending === 0,
        "the restarted dispatcher to settle every event",
        30_000,
        async () => {
          const ready = await hostRequest(second!.port, "localhost", "/readyz");
          pending = JSON.parse(ready.body).outbox?.pending ?? null;
        },
      );
      assert.equal(twilio.requests(), 1);
      assert.equal(sink.messages.length, 0);
    } finally {
      await second?.close();
      if (!second) await first.close();
      silent.close();
      await twilio.close();
      await sink.close();
    }
  },
});
