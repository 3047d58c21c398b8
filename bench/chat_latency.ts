/**
 * `deno run -A --unstable-kv bench/chat_latency.ts [count]`: the time from a chat message's POST
 * to the other side's open stream carrying it, over `count` messages (default 200), alternately
 * customer → staff and staff → customer, on one whole app in-process (PGlite, or PostgreSQL when
 * TEST_DATABASE_URL is set). It covers the commit, the realtime bump after it, the KV watch, one
 * history load and the SSE encode; not the network.
 */
import { startTestApp } from "../tests/helpers/test_app.ts";
import { firstQueueId, jsonPost, staffCookie } from "../tests/helpers/forms.ts";
import { sseReader } from "../tests/helpers/sse_reader.ts";

const DEMO = "http://demo.localhost";
const count = Number(Deno.args[0] ?? 200);
const app = await startTestApp({ RATE_LIMIT_CHAT_PER_MINUTE: "1000000" });
try {
  const queueId = await firstQueueId(app, DEMO);
  const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
  const entry = (await (await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
    customerName: "Bench",
    customerPhone: "0123457777",
    partySize: 2,
  })).json()).entry;
  const customer = sseReader(
    (await app.request(`${DEMO}/api/queue/webchat/${entry.sessionId}/events`)).body!,
  );
  const board = sseReader(
    (await app.request(`${DEMO}/api/queue/webchat/entry/${entry.id}/events`, {
      headers: { cookie: staff },
    })).body!,
  );
  await customer.next();
  await board.next();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const fromCustomer = i % 2 === 0;
    const content = `message ${i}`;
    const started = performance.now();
    const sent = fromCustomer
      ? jsonPost(app, `${DEMO}/api/queue/webchat/send`, { sessionId: entry.sessionId, content })
      : jsonPost(app, `${DEMO}/api/queue/webchat/send`, { entryId: entry.id, content }, {
        headers: { cookie: staff },
      });
    const [receiver, echo] = fromCustomer ? [board, customer] : [customer, board];
    while (true) {
      const event = await receiver.next();
      const messages = (event!.data as { messages: Array<{ content: string }> }).messages;
      if (messages.at(-1)?.content === content) break;
    }
    times.push(performance.now() - started);
    await (await sent).body?.cancel();
    // The sender's own stream gets the echo too; drain it so it does not pile up.
    while (true) {
      const event = await echo.next();
      const messages = (event!.data as { messages: Array<{ content: string }> }).messages;
      if (messages.at(-1)?.content === content) break;
    }
  }
  await customer.cancel();
  await board.cancel();
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  // deno-lint-ignore no-console -- a benchmark reports on stdout
  console.log(
    `chat POST → other side's stream, ${count} messages (${
      Deno.env.get("TEST_DATABASE_URL") ? "postgres" : "pglite"
    }): median ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${
      times.at(-1)!.toFixed(1)
    } ms`,
  );
} finally {
  await app.close();
}
