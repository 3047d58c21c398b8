/**
 * PostgreSQL drops the app's connections (a restart, a failover, a managed database's idle cut)
 * while customers load pages: the process must live on, answer 200 or 503 with Retry-After
 * meanwhile, and serve again once its pool has reconnected.
 */
import assert from "node:assert/strict";
import { DB_KIND, scratchDatabase } from "./helpers/test_app.ts";
import { hostRequest, type HostResponse, startAppProcess } from "./helpers/app_process.ts";

const CLIENTS = 15;
const CUTS = 5;
const AFTER_REQUESTS = 60;
/** An upper bound on the whole run, so a broken app cannot loop forever. */
const MAX_REQUESTS = 20_000;

type Phase = "before" | "cut" | "after";
interface Outcome {
  phase: Phase;
  path: string;
  response?: HostResponse;
  error?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function joinOnce(port: number, host: string): Promise<string> {
  const home = await hostRequest(port, host, "GET", "/");
  const queueId = home.body.match(/name="queueId" value="([0-9a-f-]{36})"/)?.[1];
  assert.equal(home.status, 200, home.body.slice(0, 300));
  assert.ok(queueId, "the customer page shows a join form");
  const joined = await hostRequest(port, host, "POST", `/api/queues/${queueId}/join`, {
    customerName: "Outage",
    customerPhone: "0123456789",
    partySize: 2,
  });
  assert.equal(joined.status, 201, joined.body);
  return JSON.parse(joined.body).entry.sessionId;
}

/** Why a response during the cut is not acceptable, or null when it is. */
function refusal(o: Outcome): string | null {
  if (o.error) return `${o.path}: transport error ${o.error}`;
  const r = o.response!;
  if (r.status === 200) return null;
  if (r.status !== 503) return `${o.path}: status ${r.status} ${r.body.slice(0, 200)}`;
  if (!r.headers["retry-after"]) return `${o.path}: 503 without Retry-After`;
  if (o.path.startsWith("/api/")) {
    const body = JSON.parse(r.body);
    if (body.code !== "unavailable" || typeof body.error !== "string") {
      return `${o.path}: 503 body ${r.body}`;
    }
  } else if (!/Back in a moment[\s\S]*try again in a moment/.test(r.body)) {
    return `${o.path}: 503 page ${r.body.slice(0, 200)}`;
  }
  return null;
}

Deno.test({
  name: "the app process survives PostgreSQL terminating its connections under load",
  ignore: DB_KIND !== "postgres",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const scratch = await scratchDatabase();
    const app = await startAppProcess({
      NODE_ENV: "test",
      DATABASE_URL: scratch.appUrl,
      DATABASE_MIGRATION_URL: scratch.ownerUrl,
      SEED_DEMO: "true",
      BCRYPT_ROUNDS: "4",
      LOG_LEVEL: "silent",
      RATE_LIMIT_MAX_ENTERPRISE: "100000000",
      RATE_LIMIT_JOIN_PER_MINUTE: "100000",
    }).catch(async (err) => {
      await scratch.drop();
      throw err;
    });
    const host = `demo.localhost:${app.port}`;
    const outcomes: Outcome[] = [];
    let phase: Phase = "before";
    let stopped = false;
    try {
      const sessionId = await joinOnce(app.port, host);
      const paths = ["/", `/api/queues/entry/${sessionId}`];
      const client = async (n: number) => {
        for (let i = n; !stopped && outcomes.length < MAX_REQUESTS; i++) {
          const path = paths[i % paths.length]!;
          const started = phase;
          try {
            outcomes.push({
              phase: started,
              path,
              response: await hostRequest(app.port, host, "GET", path),
            });
          } catch (err) {
            outcomes.push({
              phase: started,
              path,
              error: (err as { code?: string }).code ?? String(err),
            });
            await sleep(20);
          }
        }
      };
      const clients = Array.from({ length: CLIENTS }, (_, n) => client(n));
      await sleep(500);

      phase = "cut";
      let cut = 0;
      for (let i = 0; i < CUTS && !app.child.exited; i++) {
        cut += await scratch.cutAppConnections();
        await sleep(400);
      }
      // The pool reconnects by itself: wait (bounded) for both paths to answer 200 again.
      for (let tries = 0; tries < 100 && !app.child.exited; tries++) {
        const recent = outcomes.slice(-CLIENTS * 2);
        if (paths.every((p) => recent.some((o) => o.path === p && o.response?.status === 200))) {
          break;
        }
        await sleep(100);
      }
      phase = "after";
      for (let tries = 0; tries < 300 && !app.child.exited; tries++) {
        if (outcomes.filter((o) => o.phase === "after").length >= AFTER_REQUESTS) break;
        await sleep(50);
      }
      stopped = true;
      await Promise.all(clients);

      const during = outcomes.filter((o) => o.phase === "cut");
      const after = outcomes.filter((o) => o.phase === "after");
      const ok = during.filter((o) => o.response?.status === 200).length;
      const unavailable = during.filter((o) => o.response?.status === 503).length;
      // deno-lint-ignore no-console
      console.log(
        `  ${cut} connections cut; during the cut ${during.length} requests: ${ok} × 200, ` +
          `${unavailable} × 503, ${during.length - ok - unavailable} other; after: ${after.length}`,
      );
      assert.equal(app.child.exited, false, `the app died:\n${app.child.lines.join("\n")}`);
      assert.ok(cut > 0, "the test cut at least one of the app's connections");
      assert.ok(during.length > 0, "requests ran during the cut");
      assert.deepEqual(during.map(refusal).filter((r) => r !== null).slice(0, 10), []);
      assert.ok(after.length >= AFTER_REQUESTS, `only ${after.length} requests after the cut`);
      assert.deepEqual(
        after.filter((o) => o.response?.status !== 200)
          .map((o) => `${o.path}: ${o.error ?? o.response?.status}`).slice(0, 10),
        [],
      );
    } finally {
      stopped = true;
      await app.stop();
      await scratch.drop();
    }
  },
});
