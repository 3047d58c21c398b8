/**
 * PostgreSQL drops the app's connections while staff call, seat and complete parties. Each staff
 * action (and a customer's own cancel) is one statement that is its own transaction: lost in flight, the app cannot know
 * whether it committed. What staff and customers notice must hold all the same: every answer is
 * a success, a refusal or a 503 to retry; the app serves again afterwards; and each party is in
 * one state, the same for its customer, the staff board and the audit trail (each move once).
 */
import assert from "node:assert/strict";
import { CamelCasePlugin, Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { listAuditLogs } from "../lib/audit/audit_repo.ts";
import type { Database } from "../lib/db/schema.ts";
import type { BoardSnapshot } from "../lib/queue/snapshot.ts";
import { DB_KIND, scratchDatabase } from "./helpers/test_app.ts";
import { startAppProcess } from "./helpers/app_process.ts";
import { cookiesOf, hostRequest, hostStream, type HttpReply } from "./helpers/main_process.ts";
import { type SseEvent, sseReader } from "./helpers/sse_reader.ts";
import { entryKey, type PublicQueueWire } from "../lib/queue/public_wire.ts";

const HOST = "demo.localhost";
const CUSTOMERS = 120;
const STAFF = 6;
const CUTS = 6;
/** An upper bound on the staff's requests, so a broken app cannot loop forever. */
const MAX_REQUESTS = 5_000;
/** Staff pause between actions, so the line lasts through the cuts instead of draining first. */
const STAFF_PAUSE_MS = 40;
/** A bound on waiting for the app to recover and settle (a hang guard, not a timing). */
const SETTLE_DEADLINE_MS = 60_000;
/** What staff are told when another staff member (or their own lost request) acted first. */
const REFUSALS = new Set(["illegal_transition", "nobody_waiting"]);
const STAFF_ACTIONS = ["call-next", "seat", "complete", "call"] as const;
/** A staff statement carries its audit row, so its bytes name the action (call-next, seat…). */
const STAFF_STATEMENT = `"action":"entry.`;

type Party = { id: string; sessionId: string; ticketNumber: string };
type Outcome = { cut: boolean; path: string; reply?: HttpReply; error?: string };
type Move = { from: string; to: string };
/** One run's shared state: the staff members push outcomes until `stopped`. */
interface Run {
  port: number;
  queueId: string;
  cookies: string[];
  parties: Party[];
  outcomes: Outcome[];
  cutting?: boolean;
  stopped?: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function post(port: number, path: string, json: unknown, cookie = ""): Promise<HttpReply> {
  return hostRequest(port, HOST, path, { method: "POST", json, headers: cookie ? { cookie } : {} });
}

async function joinParty(port: number, queueId: string, n: number): Promise<Party> {
  const joined = await post(port, `/api/queues/${queueId}/join`, {
    customerName: `Guest ${n}`,
    customerPhone: `01${String(n).padStart(8, "0")}`,
    partySize: 2,
  });
  assert.equal(joined.status, 201, joined.body);
  const { id, sessionId, ticketNumber } = JSON.parse(joined.body).entry;
  return { id, sessionId, ticketNumber };
}

async function signIn(port: number, email: string): Promise<string> {
  const login = await post(port, "/api/auth/login", { email, password: "demo1234" });
  assert.equal(login.status, 200, login.body);
  return cookiesOf(login);
}

/**
 * A TCP relay in front of PostgreSQL that can lose the answer to a staff statement: it closes
 * the connection as the answer arrives, so the statement ran (and committed) and the app never
 * hears back. pg_terminate_backend lands before a commit or between statements, practically
 * never in that window. `chance` drops staff statements at random; `once` drops the next one
 * whose bytes contain it.
 */
function startRelay(target: number) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const open: Deno.Conn[] = [];
  const quietly = (c: { close(): void }) => {
    try {
      c.close();
    } catch { /* a stream that ended closed it already */ }
  };
  const close = () => [listener, ...open].forEach(quietly);
  const relay = { port: listener.addr.port, chance: 0, once: "", dropped: 0, close };
  async function pipe(from: Deno.Conn, to: Deno.Conn, pass: (chunk: Uint8Array) => boolean) {
    const writer = to.writable.getWriter();
    for await (const chunk of from.readable) {
      if (!pass(chunk)) break;
      await writer.write(chunk);
    }
  }
  (async () => {
    for await (const app of listener) {
      // A failed connect costs the app this connection (as a cut does), not the relay itself.
      const db = await Deno.connect({ hostname: "127.0.0.1", port: target }).catch(() => null);
      if (!db) {
        quietly(app);
        continue;
      }
      open.push(app, db);
      let armed = false;
      // The end of the previous chunk, so a statement cut across two chunks is still seen.
      let tail = "";
      const end = () => [app, db].forEach(quietly);
      pipe(app, db, (chunk) => {
        const sent = tail + new TextDecoder().decode(chunk);
        tail = sent.slice(-64);
        if (relay.once && sent.includes(relay.once)) [armed, relay.once] = [true, ""];
        armed ||= sent.includes(STAFF_STATEMENT) && Math.random() < relay.chance;
        return true;
      }).catch(() => {}).finally(end);
      // The answer to an armed statement is swallowed, and the connection with it.
      pipe(db, app, () => {
        if (armed) relay.dropped++;
        return !armed;
      }).catch(() => {}).finally(end);
    }
  })().catch(() => {});
  return relay;
}

/** One staff member at the board: call next, seat and complete that party, now and then any. */
async function actAsStaff(run: Run, n: number): Promise<void> {
  const cookie = run.cookies[n % run.cookies.length]!;
  const called: string[] = [];
  for (let i = n; !run.stopped && run.outcomes.length < MAX_REQUESTS; i++) {
    const action = STAFF_ACTIONS[i % STAFF_ACTIONS.length]!;
    // Mostly the party this member called last; otherwise anyone's, so two act on one at once.
    const anyone = run.parties[Math.floor(Math.random() * run.parties.length)]!.id;
    const target = action !== "call" && Math.random() < 0.7 ? called.at(-1) ?? anyone : anyone;
    const path = action === "call-next"
      ? `/api/queues/${run.queueId}/call-next`
      : `/api/queues/${run.queueId}/${action}/${target}`;
    const outcome: Outcome = { cut: false, path };
    try {
      outcome.reply = await post(run.port, path, {}, cookie);
    } catch (err) {
      outcome.error = String((err as { code?: string }).code ?? err);
    }
    // Tagged when answered: a request sent just before the first cut may meet it.
    run.outcomes.push({ ...outcome, cut: !!run.cutting });
    if (action === "call-next" && outcome.reply?.status === 200) {
      called.push(JSON.parse(outcome.reply.body).entry.id);
    }
    await sleep(STAFF_PAUSE_MS);
  }
}

/** Why a staff answer is not one a user may get, or null when it is. */
function refusal(o: Outcome): string | null {
  if (o.error) return `${o.path}: transport error ${o.error}`;
  const r = o.reply!;
  if (r.status === 200) return null;
  const body = r.headers["content-type"]?.startsWith("application/json") ? JSON.parse(r.body) : {};
  if (r.status === 409 && REFUSALS.has(body.code)) return null;
  // A 503 is only right while connections are cut, and only as "retry in a moment".
  const retry = r.headers["retry-after"] && body.code === "unavailable" && body.error;
  if (r.status === 503 && o.cut && retry) return null;
  return `${o.path}${o.cut ? " (cut)" : ""}: ${r.status} ${r.body.slice(0, 200)}`;
}

/** A staff action's answer is "retry in a moment": a 503 with Retry-After. */
function assertRetryLater(reply: HttpReply): void {
  assert.equal(reply.status, 503, reply.body);
  assert.equal(refusal({ cut: true, path: "", reply }), null);
}

/** The staff board, as its page's stream opens with it. */
async function readBoard(run: Run): Promise<BoardSnapshot> {
  const stream = await hostStream(run.port, HOST, `/dashboard/queues/${run.queueId}/events`, {
    accept: "text/event-stream",
    cookie: run.cookies[0]!,
  });
  assert.equal(stream.status, 200);
  const events = sseReader(stream.body);
  const first = await events.next().finally(() => events.cancel());
  return first!.data as BoardSnapshot;
}

/** Where a party's moves lead from "waiting", each used once; what is wrong when they don't. */
function statusAfter(moves: Move[]): string {
  let status = "waiting";
  const left = [...moves];
  while (left.length > 0) {
    const next = left.filter((m) => m.from === status);
    if (next.length !== 1) return `${next.length} moves from ${status} of ${moves.length}`;
    left.splice(left.indexOf(next[0]!), 1);
    status = next[0]!.to;
  }
  return status;
}

/** Each party's status as its audited moves (from → to) tell it, read as the database owner. */
async function auditedStatuses(owner: Kysely<Database>, parties: Party[]) {
  const moves = new Map<string, Move[]>(parties.map((p) => [p.id, []]));
  const rows = await owner.transaction().execute((trx) => listAuditLogs(trx, { limit: 100_000 }));
  for (const row of rows) {
    const { from, to } = (row.details ?? {}) as Partial<Move>;
    moves.get(row.resourceId ?? "")?.push({ from: String(from), to: String(to) });
  }
  return new Map([...moves].map(([id, m]) => [id, statusAfter(m)]));
}

/** A customer's ticket as their status page reads it. */
async function readTicket(port: number, party: Party) {
  const read = await hostRequest(port, HOST, `/api/queues/entry/${party.sessionId}`);
  assert.equal(read.status, 200, read.body);
  return JSON.parse(read.body).entry as { status: string; ticketNumber: string };
}

/** What a user could see disagree once events are delivered: customer, board, audit trail. */
async function inconsistencies(run: Run, owner: Kysely<Database>): Promise<string[]> {
  const ready = JSON.parse((await hostRequest(run.port, HOST, "/readyz")).body);
  if (ready.outbox?.pending !== 0) return [`outbox pending: ${ready.outbox?.pending}`];
  const problems: string[] = [];
  const board = await readBoard(run);
  const shownAs = new Map<string, string>();
  for (const [list, status] of [[board.waiting, "waiting"], [board.called, "called"]] as const) {
    for (const e of list) shownAs.set(e.id, shownAs.has(e.id) ? "twice" : status);
  }
  for (const e of board.recent) shownAs.set(e.id, shownAs.has(e.id) ? "twice" : e.status);
  const audited = await auditedStatuses(owner, run.parties);
  const tickets = new Set<string>();
  for (const party of run.parties) {
    const { status, ticketNumber } = await readTicket(run.port, party);
    if (tickets.has(ticketNumber)) problems.push(`ticket ${ticketNumber} is read twice`);
    tickets.add(ticketNumber);
    // Finished parties leave the board once their undo minute is over; live ones never do.
    const live = status === "waiting" || status === "called";
    const shown = shownAs.get(party.id) ?? (live ? "off" : status);
    if (shown !== status) problems.push(`${ticketNumber}: reads ${status}, board ${shown}`);
    const trail = audited.get(party.id);
    if (trail !== status) problems.push(`${ticketNumber}: reads ${status}, audit ${trail}`);
  }
  return problems;
}

/** Waits (bounded) until `probe` finds nothing wrong; what it found last. */
async function settled(probe: () => Promise<string[]>): Promise<string[]> {
  const deadline = Date.now() + SETTLE_DEADLINE_MS;
  let last: string[] = [];
  while (Date.now() < deadline) {
    last = await probe().catch((err) => [String(err)]);
    if (last.length === 0) break;
    await sleep(250);
  }
  return last;
}

function openOwner(url: string): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  // As the app's pools do: a connection ended by the server is an event, not a crash.
  pool.on("error", () => {});
  pool.on("connect", (client) => client.on("error", () => {}));
  return new Kysely({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
}

Deno.test({
  name: "staff actions survive PostgreSQL terminating the app's connections, each audited once",
  ignore: DB_KIND !== "postgres",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const scratch = await scratchDatabase();
    const viaRelay = new URL(scratch.appUrl);
    const relay = startRelay(Number(viaRelay.port || 5432));
    viaRelay.port = String(relay.port);
    const app = await startAppProcess({
      NODE_ENV: "test",
      DATABASE_URL: viaRelay.href,
      DATABASE_MIGRATION_URL: scratch.ownerUrl,
      SEED_DEMO: "true",
      BCRYPT_ROUNDS: "4",
      LOG_LEVEL: "error",
      RATE_LIMIT_MAX_ENTERPRISE: "100000000",
      RATE_LIMIT_JOIN_PER_MINUTE: "100000",
      // An outbox claim whose settlement a cut lost waits out its lease before it is retaken
      // (60 s by default): a short one lets the outbox settle well within SETTLE_DEADLINE_MS.
      OUTBOX_LEASE_MS: "10000",
    }).catch(async (err) => {
      relay.close();
      await scratch.drop();
      throw err;
    });
    const owner = openOwner(scratch.ownerUrl);
    const run: Run = { port: app.port, queueId: "", cookies: [], parties: [], outcomes: [] };
    const { port } = run;
    const staffPost = (path: string) =>
      post(port, `/api/queues/${run.queueId}/${path}`, {}, run.cookies[0]);
    try {
      run.cookies = [await signIn(port, "staff@demo.test"), await signIn(port, "owner@demo.test")];
      const queues = await hostRequest(port, HOST, "/api/queues", {
        headers: { cookie: run.cookies[0]! },
      });
      run.queueId = JSON.parse(queues.body).queues[0].id;
      for (let n = 1; n <= CUSTOMERS; n++) run.parties.push(await joinParty(port, run.queueId, n));
      const staff = Array.from({ length: STAFF }, (_, n) => actAsStaff(run, n));
      await sleep(300);

      [run.cutting, relay.chance] = [true, 0.3];
      let cut = 0;
      for (let i = 0; i < CUTS && !app.child.exited; i++) {
        cut += await scratch.cutAppConnections();
        await sleep(400);
      }
      [run.stopped, relay.chance] = [true, 0];
      await Promise.all(staff);
      const tally = [200, 409, 503].map((status) =>
        `${run.outcomes.filter((o) => o.reply?.status === status).length} × ${status}`
      );
      // deno-lint-ignore no-console
      console.log(
        `  ${cut} connections cut, ${relay.dropped} answers lost; staff got ${tally.join(", ")}`,
      );
      assert.equal(app.child.exited, false, `the app died:\n${app.child.lines.join("\n")}`);
      assert.ok(cut > 0 && relay.dropped > 0, "the test cut some of the app's connections");
      assert.deepEqual(run.outcomes.map(refusal).filter((r) => r !== null).slice(0, 10), []);

      // Served again once the pool has reconnected by itself: new customers join (two, so one
      // still waits below), read their tickets, and staff call the line's head.
      assert.deepEqual(await settled(() => readBoard(run).then(() => [])), []);
      for (const n of [CUSTOMERS + 1, CUSTOMERS + 2]) {
        const late = await joinParty(port, run.queueId, n);
        run.parties.push(late);
        assert.equal((await readTicket(port, late)).status, "waiting");
      }
      const called = await staffPost("call-next");
      assert.equal(called.status, 200, called.body);

      // With the staff idle, a call-next and then a seat lose their answers after the commit:
      // staff are told to retry (503), one click called one party, and that party is seated.
      const before = await auditedStatuses(owner, run.parties);
      relay.once = `"action":"entry.call-next"`;
      assertRetryLater(await staffPost("call-next"));
      const after = await auditedStatuses(owner, run.parties);
      const newlyCalled = run.parties.filter((p) => before.get(p.id) !== after.get(p.id));
      assert.deepEqual(newlyCalled.map((p) => after.get(p.id)), ["called"]);
      relay.once = `"action":"entry.seat"`;
      assertRetryLater(await staffPost(`seat/${newlyCalled[0]!.id}`));

      assert.deepEqual((await settled(() => inconsistencies(run, owner))).slice(0, 10), []);
      assert.equal((await readTicket(port, newlyCalled[0]!)).status, "seated");

      // A customer's cancel loses its answer after the commit: they are told to retry, and
      // their open page still hears that they left (the app finds the entry and announces it).
      // Everything before (the join too) has settled: no other event of this queue tells the page.
      const leaving = await joinParty(port, run.queueId, CUSTOMERS + 3);
      run.parties.push(leaving);
      assert.deepEqual((await settled(() => inconsistencies(run, owner))).slice(0, 10), []);
      const page = await hostStream(port, HOST, `/queue/status/${leaving.sessionId}/events`, {
        accept: "text/event-stream",
      });
      assert.equal(page.status, 200);
      const events = sseReader(page.body);
      const inLine = (e: SseEvent | null) =>
        (e!.data as PublicQueueWire).waiting.includes(entryKey(leaving.id));
      assert.ok(inLine(await events.next()));
      relay.once = `"action":"entry.customer-cancel"`;
      assertRetryLater(await post(port, `/api/queues/entry/${leaving.sessionId}/cancel`, {}));
      let shown = true;
      while (shown) shown = inLine(await events.next());
      await events.cancel();
      assert.equal((await readTicket(port, leaving)).status, "cancelled");

      assert.deepEqual((await settled(() => inconsistencies(run, owner))).slice(0, 10), []);
    } finally {
      run.stopped = true;
      await app.stop();
      relay.close();
      await owner.destroy();
      await scratch.drop();
    }
  },
});
