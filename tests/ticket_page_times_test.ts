/**
 * The ticket page's times are written by the server, on the venue's clock: the joined time and
 * each chat message's time reach the islands as text, so a phone starts the page without
 * building a time format (issue 12: the status page's blocking time on a cheap phone).
 */
import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { firstQueueId, islandProps, jsonPost, type Page } from "./helpers/forms.ts";

const DEMO = "http://demo.localhost";
/** The demo venue's time zone (lib/seed/demo_seed.ts). */
const VENUE_ZONE = "Asia/Kuala_Lumpur";

function venueClock(iso: string, tag: string, options: Intl.DateTimeFormatOptions): string {
  return new Date(iso).toLocaleTimeString(tag, { ...options, timeZone: VENUE_ZONE });
}

Deno.test("the ticket page shows when the party joined and each message's time as the venue's clock", async (t) => {
  const app = await startTestApp();
  try {
    const queueId = await firstQueueId(app, DEMO);
    const joined = await (await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
      customerName: "Mei",
      customerPhone: "0123456792",
      partySize: 2,
    })).json();
    const sent = await jsonPost(app, `${DEMO}/api/queue/webchat/send`, {
      sessionId: joined.entry.sessionId,
      content: "Is there a high chair?",
    });
    assert.equal(sent.status, 201, await sent.clone().text());
    const message = (await sent.json()).message as { id: string; createdAt: string };
    const open = async (lang: string): Promise<Page> => {
      const path = `/queue/status/${joined.entry.sessionId}`;
      const res = await app.request(`${DEMO}${path}`, { headers: { "accept-language": lang } });
      assert.equal(res.status, 200);
      return {
        url: path,
        status: 200,
        location: null,
        headers: res.headers,
        html: await res.text(),
        forms: [],
      };
    };

    for (
      const [lang, tag, joinedWords] of [
        ["en", "en-MY", "Joined at"],
        ["ms-MY", "ms-MY", "Menyertai pada"],
      ] as const
    ) {
      await t.step(`in ${tag}`, async () => {
        const page = await open(lang);
        const joinedAt = venueClock(joined.entry.joinedAt, tag, { timeStyle: "short" });
        assert.equal(islandProps(page, "QueueStatus").joinedClock, joinedAt);
        assert.ok(
          page.html.replace(/<script[\s\S]*?<\/script>/g, "").includes(
            `${joinedWords} ${joinedAt}`,
          ),
          `the page says "${joinedWords} ${joinedAt}"`,
        );
        const said = venueClock(message.createdAt, tag, { hour: "2-digit", minute: "2-digit" });
        const times = islandProps(page, "QueueChat").times as Record<string, string>;
        assert.equal(times[message.id], said, "the chat island is handed the message's time");
        // The message as the page shows it (the props, in a script element, are not what is read).
        const visible = page.html.replace(/<script[\s\S]*?<\/script>/g, "");
        const shown = visible.match(
          /data-testid="chat-message"[^>]*>(?:(?!<\/li>)[\s\S])*high chair(?:(?!<\/li>)[\s\S])*<\/li>/,
        )?.[0] ?? "";
        assert.ok(shown, "the message is on the page");
        assert.ok(shown.includes(`>${said}`), `the message shows ${said}: ${shown}`);
      });
    }
  } finally {
    await app.close();
  }
});
