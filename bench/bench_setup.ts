/**
 * The fixtures of `deno task bench` and `deno task bench:live`, made over HTTP as a customer and
 * an owner would: a ticket to read, queues to join, and the check that every join answered
 * 2xx is one ticket on a board, none twice.
 */
import { firstEventData, request } from "./proc.ts";

export interface Fixture {
  queueId: string;
  sessionId: string;
  ownerCookie: string;
}

/** Reads the first queue of the customer page and joins it once; signs the demo owner in. */
export async function setUp(port: number, host: string): Promise<Fixture> {
  const home = await request(port, host, "GET", "/");
  const queueId = home.body.match(/name="queueId" value="([0-9a-f-]{36})"/)?.[1];
  if (home.status !== 200 || !queueId) {
    throw new Error(`GET / on ${host} gave ${home.status} without a join form`);
  }
  const joined = await request(port, host, "POST", `/api/queues/${queueId}/join`, {
    customerName: "Bench",
    // A number of its own each run: a PostgreSQL bench database may be used again.
    customerPhone: `01${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`,
    partySize: 2,
  });
  const sessionId = joined.status === 201 ? JSON.parse(joined.body).entry?.sessionId : undefined;
  if (typeof sessionId !== "string") {
    throw new Error(`joining queue ${queueId} gave ${joined.status}: ${joined.body.slice(0, 300)}`);
  }
  const status = await request(port, host, "GET", `/api/queues/entry/${sessionId}`);
  if (status.status !== 200) throw new Error(`entry status gave ${status.status}: ${status.body}`);
  return { queueId, sessionId, ownerCookie: await signIn(port, host) };
}

export async function signIn(port: number, host: string): Promise<string> {
  const login = await request(port, host, "POST", "/api/auth/login", {
    email: "owner@demo.test",
    password: "demo1234",
  });
  const cookie = String(login.headers["set-cookie"]?.[0] ?? "").split(";")[0];
  if (login.status !== 200 || !cookie) throw new Error(`owner sign-in gave ${login.status}`);
  return cookie;
}

/** Creates `n` open queues of the largest capacity for the join load. */
export async function createJoinQueues(
  port: number,
  host: string,
  cookie: string,
  n: number,
  prefix = "Load",
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await request(port, host, "POST", "/api/queues", {
      name: `${prefix} ${i + 1} ${crypto.randomUUID().slice(0, 6)}`,
      maxCapacity: 10_000,
      averageServiceTime: 5,
      businessHoursStart: "00:00",
      businessHoursEnd: "24:00",
    }, { cookie });
    if (res.status !== 201) throw new Error(`creating a queue gave ${res.status}: ${res.body}`);
    ids.push(JSON.parse(res.body).queue.id);
  }
  return ids;
}

export interface JoinCheck {
  tickets: number;
  distinct: number;
}

/** Counts the waiting tickets on the boards of `queueIds` (staff stream's first snapshot). */
export async function countTickets(
  port: number,
  host: string,
  cookie: string,
  queueIds: string[],
): Promise<JoinCheck> {
  const numbers: string[] = [];
  for (const id of queueIds) {
    const board = await firstEventData(port, host, `/dashboard/queues/${id}/events`, {
      cookie,
    }) as {
      waiting: Array<{ ticketNumber: string }>;
      called: Array<{ ticketNumber: string }>;
    };
    for (const e of [...board.waiting, ...board.called]) numbers.push(`${id}:${e.ticketNumber}`);
  }
  return { tickets: numbers.length, distinct: new Set(numbers).size };
}
