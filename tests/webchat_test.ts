import assert from "node:assert/strict";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import { sseReader } from "./helpers/sse_reader.ts";
import { listChatEvents } from "./helpers/chat_probe_repo.ts";
import { withPlatform } from "../lib/db/transaction_repo.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";
const SEND = `${DEMO}/api/queue/webchat/send`;

interface Joined {
  id: string;
  sessionId: string;
  verificationCode: string;
}

async function join(app: TestApp, base: string, queueId: string, phone: string): Promise<Joined> {
  const res = await jsonPost(app, `${base}/api/queues/${queueId}/join`, {
    customerName: "Chatty",
    customerPhone: phone,
    partySize: 2,
  });
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()).entry;
}

async function json(res: Response) {
  return { status: res.status, body: await res.json() };
}

/**
 * The outbox stays still in these tests: the chat here is the people's, and the notification
 * service's own notices (a SYSTEM "you're in the queue") are tested in tests/notify_*_test.ts.
 */
const QUIET = { startDispatcher: false };

Deno.test("web chat: customer and staff write, read, and see each other's receipts", async (t) => {
  const app = await startTestApp({ RATE_LIMIT_JOIN_PER_MINUTE: "1000" }, QUIET);
  try {
    const queueId = await firstQueueId(app, DEMO);
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const a = await join(app, DEMO, queueId, "0123450001");

    await t.step("the customer writes by session id; the message is in their history", async () => {
      const sent = await json(
        await jsonPost(app, SEND, { sessionId: a.sessionId, content: "Hi!" }),
      );
      assert.equal(sent.status, 201);
      assert.equal(sent.body.message.sender, "CUSTOMER");
      assert.equal(sent.body.message.content, "Hi!");
      assert.equal(sent.body.message.isRead, false);
      const history = await json(await app.request(`${DEMO}/api/queue/webchat/${a.sessionId}`));
      assert.equal(history.status, 200);
      assert.deepEqual(history.body.chat.messages.map((m: { content: string }) => m.content), [
        "Hi!",
      ]);
      assert.equal(history.body.chat.entryId, a.id);
      assert.equal("sessionId" in history.body.chat, false);
    });

    await t.step("the board counts the unread message; staff opening it clears it", async () => {
      const board = await (await app.request(`${DEMO}/dashboard/queues/${queueId}`, {
        headers: { cookie: staff },
      })).text();
      assert.match(board, /"unreadChat":1/);
      const dash = await (await app.request(`${DEMO}/dashboard`, { headers: { cookie: staff } }))
        .text();
      assert.match(dash, /"unreadChats":1/);
      const read = await json(
        await jsonPost(app, `${DEMO}/api/queue/webchat/entry/${a.id}/read`, {}, {
          headers: { cookie: staff },
        }),
      );
      assert.deepEqual(read, { status: 200, body: { entryId: a.id, marked: 1 } });
      const history = await json(await app.request(`${DEMO}/api/queue/webchat/${a.sessionId}`));
      assert.equal(history.body.chat.messages[0].isRead, true, "the customer sees it was seen");
      const after = await (await app.request(`${DEMO}/dashboard/queues/${queueId}`, {
        headers: { cookie: staff },
      })).text();
      assert.match(after, /"unreadChat":0/);
    });

    await t.step("staff reply by entry id; the customer reads it and staff see Seen", async () => {
      const sent = await json(
        await jsonPost(app, SEND, { entryId: a.id, content: "Your table is ready" }, {
          headers: { cookie: staff },
        }),
      );
      assert.equal(sent.status, 201);
      assert.equal(sent.body.message.sender, "STAFF");
      const staffView = await json(
        await app.request(`${DEMO}/api/queue/webchat/entry/${a.id}`, {
          headers: { cookie: staff },
        }),
      );
      assert.equal(staffView.status, 200);
      assert.deepEqual(
        staffView.body.chat.messages.map((m: { sender: string; isRead: boolean }) => [
          m.sender,
          m.isRead,
        ]),
        [["CUSTOMER", true], ["STAFF", false]],
      );
      const read = await json(
        await jsonPost(app, `${DEMO}/api/queue/webchat/${a.sessionId}/read`, {}),
      );
      assert.deepEqual(read.body, { entryId: a.id, marked: 1 });
      const seen = await json(
        await app.request(`${DEMO}/api/queue/webchat/entry/${a.id}`, {
          headers: { cookie: staff },
        }),
      );
      assert.equal(seen.body.chat.messages[1].isRead, true);
    });

    await t.step("the staff message records chat.message_sent with sender STAFF", async () => {
      const events = (await withPlatform(app.deps.db, listChatEvents))
        .filter((e) => e.type === "chat.message_sent");
      assert.deepEqual(events.map((e) => e.payload.sender), ["CUSTOMER", "STAFF"]);
      assert.equal(events[1]!.payload.entryId, a.id);
      assert.equal(events[1]!.payload.queueId, queueId);
    });

    await t.step("content is 1 to 1,000 characters: longer or empty is a 422", async () => {
      const long = await json(
        await jsonPost(app, SEND, { sessionId: a.sessionId, content: "x".repeat(1001) }),
      );
      assert.equal(long.status, 422);
      assert.match(long.body.fields.content, /at most 1000 characters/);
      const empty = await json(await jsonPost(app, SEND, { sessionId: a.sessionId, content: " " }));
      assert.equal(empty.status, 422);
      const exact = await jsonPost(app, SEND, {
        sessionId: a.sessionId,
        content: "y".repeat(1000),
      });
      assert.equal(exact.status, 201);
      await exact.body?.cancel();
    });

    await t.step("the entryId form needs a staff session: a visitor gets a 401", async () => {
      const res = await json(await jsonPost(app, SEND, { entryId: a.id, content: "fake staff" }));
      assert.equal(res.status, 401);
      assert.equal(res.body.error, "Sign in to continue");
      const reads = await json(await app.request(`${DEMO}/api/queue/webchat/entry/${a.id}`));
      assert.equal(reads.status, 401);
    });

    await t.step("an unknown link is a 404", async () => {
      const res = await json(
        await jsonPost(app, SEND, { sessionId: "z".repeat(32), content: "hello" }),
      );
      assert.deepEqual(res, {
        status: 404,
        body: { error: "No queue entry found for this link", code: "not_found" },
      });
    });

    await t.step("an ended visit's chat is closed (409), its history still readable", async () => {
      const b = await join(app, DEMO, queueId, "0123450002");
      const cancel = await jsonPost(app, `${DEMO}/api/queues/entry/${b.sessionId}/cancel`, {});
      assert.equal(cancel.status, 200);
      await cancel.body?.cancel();
      const res = await json(await jsonPost(app, SEND, { sessionId: b.sessionId, content: "hi" }));
      assert.deepEqual(res, {
        status: 409,
        body: { error: "This visit has ended; the chat is closed", code: "chat_closed" },
      });
      const history = await app.request(`${DEMO}/api/queue/webchat/${b.sessionId}`);
      assert.equal(history.status, 200);
      await history.body?.cancel();
    });
  } finally {
    await app.close();
  }
});

Deno.test("web chat: another tenant's entry or link is a 404 for customers and staff", async () => {
  const app = await startTestApp({}, QUIET);
  try {
    const demoQueue = await firstQueueId(app, DEMO);
    const a = await join(app, DEMO, demoQueue, "0123450003");
    await jsonPost(app, SEND, { sessionId: a.sessionId, content: "private to demo" });
    const cafeOwner = await staffCookie(app, CAFE, "owner@cafe.test", "cafe1234");
    const cafeSend = `${CAFE}/api/queue/webchat/send`;
    const cases: Array<[string, Promise<Response>]> = [
      ["customer history", app.request(`${CAFE}/api/queue/webchat/${a.sessionId}`)],
      ["customer send", jsonPost(app, cafeSend, { sessionId: a.sessionId, content: "x" })],
      ["customer stream", app.request(`${CAFE}/api/queue/webchat/${a.sessionId}/events`)],
      ["customer read", jsonPost(app, `${CAFE}/api/queue/webchat/${a.sessionId}/read`, {})],
      [
        "staff history",
        app.request(`${CAFE}/api/queue/webchat/entry/${a.id}`, {
          headers: { cookie: cafeOwner },
        }),
      ],
      [
        "staff stream",
        app.request(`${CAFE}/api/queue/webchat/entry/${a.id}/events`, {
          headers: { cookie: cafeOwner },
        }),
      ],
      [
        "staff send",
        jsonPost(app, cafeSend, { entryId: a.id, content: "x" }, {
          headers: { cookie: cafeOwner },
        }),
      ],
    ];
    for (const [name, pending] of cases) {
      const res = await pending;
      assert.equal(res.status, 404, name);
      const body = await res.json();
      assert.equal(body.code ?? "not_found", "not_found", name);
      assert.doesNotMatch(JSON.stringify(body), /private to demo/, name);
    }
    // Tenant B's session on tenant A's host is no staff session there at all.
    const crossHost = await app.request(`${DEMO}/api/queue/webchat/entry/${a.id}`, {
      headers: { cookie: cafeOwner },
    });
    assert.equal(crossHost.status, 401);
    await crossHost.body?.cancel();
  } finally {
    await app.close();
  }
});

Deno.test("web chat: a ticket may send 20 messages a minute, then a 429 with Retry-After", async () => {
  const app = await startTestApp({}, QUIET);
  try {
    const queueId = await firstQueueId(app, DEMO);
    // The window is a fixed minute: a run that straddles its end starts again on a new ticket.
    let a: Joined;
    let refused: Response;
    let attempt = 0;
    do {
      a = await join(app, DEMO, queueId, `012345004${attempt}`);
      for (let i = 0; i < 20; i++) {
        const res = await jsonPost(app, SEND, { sessionId: a.sessionId, content: `m${i}` });
        assert.equal(res.status, 201);
        await res.body?.cancel();
      }
      refused = await jsonPost(app, SEND, { sessionId: a.sessionId, content: "one more" });
    } while (refused.status === 201 && ++attempt < 3);
    assert.equal(refused.status, 429);
    assert.match(refused.headers.get("retry-after") ?? "", /^\d+$/);
    const body = await refused.json();
    assert.equal(body.code, "chat_rate_limited");
    assert.match(body.error, /Too many messages/);
    const history = await (await app.request(`${DEMO}/api/queue/webchat/${a.sessionId}`)).json();
    assert.equal(history.chat.messages.length, 20);
    // Another ticket is counted apart.
    const b = await join(app, DEMO, queueId, "0123450059");
    const other = await jsonPost(app, SEND, { sessionId: b.sessionId, content: "hello" });
    assert.equal(other.status, 201);
    await other.body?.cancel();
  } finally {
    await app.close();
  }
});

Deno.test("web chat: a lost link gives back the chat with phone and code, and locks after 5 misses", async () => {
  const app = await startTestApp({}, QUIET);
  try {
    const queueId = await firstQueueId(app, DEMO);
    const a = await join(app, DEMO, queueId, "0123450006");
    await jsonPost(app, SEND, { sessionId: a.sessionId, content: "Table by the window?" });
    const url = `${DEMO}/api/queue/webchat/recovery`;
    const right = await json(
      await jsonPost(app, url, {
        customerPhone: "012345 0006",
        verificationCode: a.verificationCode,
      }),
    );
    assert.equal(right.status, 200);
    assert.equal(right.body.sessionId, a.sessionId);
    assert.deepEqual(
      right.body.chat.messages.map((m: { content: string }) => m.content),
      ["Table by the window?"],
    );
    const wrongCode = a.verificationCode === "0000" ? "1111" : "0000";
    for (let i = 0; i < 5; i++) {
      const miss = await json(
        await jsonPost(app, url, { customerPhone: "0123450006", verificationCode: wrongCode }),
      );
      assert.equal(miss.status, 404);
    }
    const locked = await jsonPost(app, url, {
      customerPhone: "0123450006",
      verificationCode: a.verificationCode,
    });
    assert.equal(locked.status, 429);
    assert.match(locked.headers.get("retry-after") ?? "", /^\d+$/);
    assert.match((await locked.json()).error, /Too many wrong codes/);
    const bad = await json(await jsonPost(app, url, { customerPhone: "", verificationCode: "12" }));
    assert.equal(bad.status, 422);
  } finally {
    await app.close();
  }
});

Deno.test("web chat: each side's stream sees the other side's message live", async () => {
  const app = await startTestApp({}, QUIET);
  try {
    const queueId = await firstQueueId(app, DEMO);
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const a = await join(app, DEMO, queueId, "0123450007");
    const b = await join(app, DEMO, queueId, "0123450008");
    const customer = sseReader(
      (await app.request(`${DEMO}/api/queue/webchat/${a.sessionId}/events`)).body!,
    );
    const staffRes = await app.request(`${DEMO}/api/queue/webchat/entry/${a.id}/events`, {
      headers: { cookie: staff },
    });
    assert.equal(staffRes.status, 200);
    const board = sseReader(staffRes.body!);
    const other = sseReader(
      (await app.request(`${DEMO}/api/queue/webchat/${b.sessionId}/events`)).body!,
    );
    try {
      type Snap = {
        entryId: string;
        messages: Array<{ sender: string; content: string; isRead: boolean }>;
      };
      assert.deepEqual(((await customer.next())!.data as Snap).messages, []);
      assert.deepEqual(((await board.next())!.data as Snap).messages, []);
      assert.deepEqual(((await other.next())!.data as Snap).messages, []);

      await jsonPost(app, SEND, { sessionId: a.sessionId, content: "Running late" });
      const atBoard = (await board.next())!.data as Snap;
      assert.deepEqual(atBoard.messages.map((m) => [m.sender, m.content]), [
        ["CUSTOMER", "Running late"],
      ]);
      await customer.next(); // the customer's own echo

      await jsonPost(app, SEND, { entryId: a.id, content: "No problem" }, {
        headers: { cookie: staff },
      });
      const atCustomer = (await customer.next())!.data as Snap;
      assert.equal(atCustomer.entryId, a.id);
      assert.deepEqual(atCustomer.messages.map((m) => m.content), ["Running late", "No problem"]);
      await board.next();

      await jsonPost(app, `${DEMO}/api/queue/webchat/${a.sessionId}/read`, {});
      const receipt = (await board.next())!.data as Snap;
      assert.equal(receipt.messages[1]!.isRead, true, "staff see Seen on their message");

      // The other ticket's stream carried none of it: its next event is its own message.
      await jsonPost(app, SEND, { sessionId: b.sessionId, content: "Mine only" });
      const own = (await other.next())!.data as Snap;
      assert.equal(own.entryId, b.id);
      assert.deepEqual(own.messages.map((m) => m.content), ["Mine only"]);
    } finally {
      await customer.cancel();
      await board.cancel();
      await other.cancel();
    }
  } finally {
    await app.close();
  }
});

Deno.test("web chat: the board's stream counts a customer's message and clears it on reading", async () => {
  const app = await startTestApp({}, QUIET);
  try {
    const queueId = await firstQueueId(app, DEMO);
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const a = await join(app, DEMO, queueId, "0123450009");
    const res = await app.request(`${DEMO}/dashboard/queues/${queueId}/events`, {
      headers: { cookie: staff },
    });
    assert.equal(res.status, 200);
    const board = sseReader(res.body!);
    type Board = { waiting: Array<{ id: string; unreadChat: number }> };
    const unreadOf = (data: unknown) =>
      (data as Board).waiting.find((e) => e.id === a.id)?.unreadChat;
    try {
      assert.equal(unreadOf((await board.next())!.data), 0);
      await jsonPost(app, SEND, { sessionId: a.sessionId, content: "Is there parking?" });
      assert.equal(unreadOf((await board.next())!.data), 1);
      await jsonPost(app, `${DEMO}/api/queue/webchat/entry/${a.id}/read`, {}, {
        headers: { cookie: staff },
      });
      assert.equal(unreadOf((await board.next())!.data), 0);
    } finally {
      await board.cancel();
    }
  } finally {
    await app.close();
  }
});
