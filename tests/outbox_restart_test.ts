import assert from "node:assert/strict";
import { cookiesOf, hostRequest, startAppProcess } from "./helpers/main_process.ts";
import { startSmtpSink } from "./helpers/smtp_sink.ts";

const OWNER = { email: "owner@demo.test", password: "demo1234" };

/**
 * A TCP gate in front of the SMTP sink: while `holding`, it accepts connections and says
 * nothing (a send hangs mid-delivery); once opened, it passes bytes both ways.
 */
function startSmtpGate(target: number) {
  let holding = true;
  const seen: Deno.Conn[] = [];
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  (async () => {
    for await (const conn of listener) {
      seen.push(conn);
      if (holding) continue;
      const upstream = await Deno.connect({ hostname: "127.0.0.1", port: target });
      conn.readable.pipeTo(upstream.writable).catch(() => {});
      upstream.readable.pipeTo(conn.writable).catch(() => {});
    }
  })().catch(() => {});
  return {
    port: (listener.addr as Deno.NetAddr).port,
    /** Connections the app opened so far (a send has started). */
    connections: () => seen.length,
    open() {
      holding = false;
      for (const conn of seen.splice(0)) conn.close();
    },
    close() {
      listener.close();
      for (const conn of seen) {
        try {
          conn.close();
        } catch { /* already closed */ }
      }
    },
  };
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

Deno.test({
  name: "outbox: killed after the commit and before the mail went, the restarted app sends it",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const sink = await startSmtpSink();
    const gate = startSmtpGate(Number(new URL(sink.url).port));
    const env = {
      SMTP_URL: `smtp://127.0.0.1:${gate.port}`,
      OUTBOX_POLL_MS: "100",
      OUTBOX_LEASE_MS: "1500",
    };
    const first = await startAppProcess(env);
    let second: Awaited<ReturnType<typeof startAppProcess>> | null = null;
    try {
      const signIn = async (port: number) => {
        const reply = await hostRequest(port, "demo.localhost", "/api/auth/login", {
          method: "POST",
          json: OWNER,
        });
        assert.equal(reply.status, 200, reply.body);
        return cookiesOf(reply);
      };
      const owner = await signIn(first.port);
      const invited = await hostRequest(first.port, "demo.localhost", "/api/users", {
        method: "POST",
        json: { email: "survivor@demo.test", fullName: "Sam Survivor" },
        headers: { cookie: owner },
      });
      assert.equal(invited.status, 201, invited.body);
      // The account committed and the mail is on its way, held at the gate: kill the app now.
      await until(() => gate.connections() > 0, "the app to start sending");
      first.child.kill("SIGKILL");
      assert.notEqual((await first.exited(10_000))?.success, true);
      await first.close({ keepData: true });
      assert.equal(sink.messages.length, 0, "no mail got through before the kill");

      gate.open();
      second = await startAppProcess(env, { restartOf: first });
      const mail = await sink.waitForMail("survivor@demo.test", 30_000);
      assert.match(mail.subject, /You're invited to Demo/);
      // The page shows the account the first process committed.
      const again = await signIn(second.port);
      const page = await hostRequest(second.port, "demo.localhost", "/dashboard/users", {
        headers: { cookie: again },
      });
      assert.equal(page.status, 200);
      assert.match(page.body, /Sam Survivor[\s\S]*?survivor@demo\.test/);
    } finally {
      await second?.close();
      if (!second) await first.close();
      gate.close();
      await sink.close();
    }
  },
});
