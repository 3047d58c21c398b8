// deno-lint-ignore-file no-console
/**
 * The watchers of `deno task bench:live`, in a process of their own: opens `watchers` status
 * streams (round robin over `sessionIds`), then either
 * - `staff`: presses "Call next" once uncounted (a cold start), then `actions` times, timing each call until every page shows it
 *   (the first event whose `called` holds the called party), then, with `storm`, waits for the
 *   server to go away and times all watchers reconnecting to the restarted one; or
 * - `joins`: `joiners` customers join the queue the pages watch for `durationSec`, each time
 *   until the last page shows the new party, and cancel again so the line stays short.
 * Prints `READY` once every page has its first snapshot, then one JSON line of results.
 * Usage: `deno run -A bench/live_client.ts '<LiveSpec as JSON>'`.
 */
import { request } from "./proc.ts";
import { entryKey } from "../lib/queue/public_wire.ts";
import { cpuMicros, postgresServerCpuMicros } from "./load_bench.ts";
import { openWireStream, type WireStream } from "./sse_wire.ts";

export interface LiveSpec {
  mode: "staff" | "joins";
  port: number;
  host: string;
  queueId: string;
  sessionIds: string[];
  watchers: number;
  ownerCookie: string;
  actions: number;
  storm: boolean;
  joiners: number;
  durationSec: number;
  /**
   * The app's process id: its CPU time over the staff calls (or the joins) is reported beside
   * this one's (and, over the joins, a local PostgreSQL server's).
   */
  appPid?: number;
  /** The postmaster of the PostgreSQL server the app uses, when it runs on this machine. */
  postmasterPid?: number;
}

interface Watcher {
  stream: WireStream | null;
  /** Events since the window opened: [arrival ms, data]. */
  seen: Array<[number, string]>;
  first: PromiseWithResolvers<void>;
  status: number;
}

const spec = JSON.parse(Deno.args[0] ?? "{}") as LiveSpec;
const watchers: Watcher[] = [];
let onEvent: ((w: number, at: number, data: string) => void) | null = null;

function ipOf(i: number) {
  return `10.${60 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
}

async function open(i: number): Promise<void> {
  const w = watchers[i]!;
  w.first = Promise.withResolvers<void>();
  const sessionId = spec.sessionIds[i % spec.sessionIds.length]!;
  w.stream = await openWireStream(
    spec.port,
    spec.host,
    `/queue/status/${sessionId}/events`,
    ipOf(i),
    {
      onStatus: (s) => {
        w.status = s;
        if (s !== 200) w.first.reject(new Error(`status ${s}`));
      },
      onEvent: (_id, data, at) => {
        w.first.resolve();
        onEvent?.(i, at, data);
      },
    },
  );
  w.stream.ended.then(() => w.first.reject(new Error("ended")));
  w.first.promise.catch(() => {});
}

async function openAll(): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < spec.watchers; i++) {
    watchers.push({ stream: null, seen: [], first: Promise.withResolvers(), status: 0 });
  }
  for (let i = 0; i < spec.watchers; i += 500) {
    const batch = [];
    for (let j = i; j < Math.min(i + 500, spec.watchers); j++) batch.push(open(j));
    await Promise.all(batch);
  }
  await Promise.all(watchers.map((w) => w.first.promise));
  return performance.now() - t0;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

function summary(latencies: number[]) {
  const sorted = latencies.toSorted((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    p50: round(percentile(sorted, 0.5)),
    p99: round(percentile(sorted, 0.99)),
    max: round(sorted.at(-1) ?? 0),
  };
}

function calledIn(data: string, entryId: string): boolean {
  const at = data.indexOf('"called":');
  return at >= 0 && data.indexOf(entryKey(entryId), at) > 0;
}

async function staffActions() {
  const cpuNow = () => [cpuMicros(Deno.pid), spec.appPid ? cpuMicros(spec.appPid) : null];
  let cpuBefore = cpuNow();
  const latencies: number[] = [];
  /** How long each call took to be answered: the part of a page's wait that is the call's own. */
  const answers: number[] = [];
  let drops = 0;
  const headers = { cookie: spec.ownerCookie };
  // One call first, not counted: the first call after the app started runs its code cold (a
  // one-off after a deploy), and at 64 pages its deliveries alone would be the p99.
  for (let a = -1; a < spec.actions; a++) {
    if (a === 0) cpuBefore = cpuNow();
    for (const w of watchers) w.seen = [];
    const arrival = new Array<number | undefined>(watchers.length);
    let missing = watchers.length;
    let calledId: string | null = null;
    let t0 = 0;
    // Until the call's answer names the party, events are kept; after it, checked as they come.
    onEvent = (i, at, data) => {
      if (calledId === null) return void watchers[i]!.seen.push([at, data]);
      if (arrival[i] === undefined && calledIn(data, calledId)) {
        arrival[i] = at - t0;
        missing--;
      }
    };
    t0 = performance.now();
    const res = await request(
      spec.port,
      spec.host,
      "POST",
      `/api/queues/${spec.queueId}/call-next`,
      {},
      headers,
    );
    if (res.status !== 200) throw new Error(`call-next gave ${res.status}: ${res.body}`);
    if (a >= 0) answers.push(performance.now() - t0);
    calledId = JSON.parse(res.body).entry.id as string;
    watchers.forEach((w, i) => {
      const hit = w.seen.find(([, data]) => calledIn(data, calledId!));
      if (hit) {
        arrival[i] = hit[0] - t0;
        missing--;
      }
      w.seen = [];
    });
    // Late is not lost: only a page that never shows the call within 30 s counts as dropped.
    const deadline = performance.now() + 30_000;
    while (missing > 0 && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    onEvent = null;
    if (a >= 0) { for (const x of arrival) x === undefined ? drops++ : latencies.push(x); }
    await new Promise((r) => setTimeout(r, 300));
  }
  const cpuAfter = cpuNow();
  // Over the calls and the pauses between them, per page that showed a call (idle costs ~0).
  const perEvent = (i: number) =>
    cpuBefore[i] == null || cpuAfter[i] == null
      ? null
      : Math.round((cpuAfter[i]! - cpuBefore[i]!) / Math.max(1, latencies.length));
  return {
    actions: spec.actions,
    deliveries: latencies.length,
    drops,
    ...summary(latencies),
    answered: summary(answers),
    clientCpuUsPerEvent: perEvent(0),
    appCpuUsPerEvent: perEvent(1),
  };
}

/** After the server went away: every watcher reconnects at once, retrying until served. */
async function reconnectStorm() {
  console.log("STORM-READY");
  await Promise.all(watchers.map((w) => w.stream!.ended));
  const start = performance.now();
  let firstServed = 0;
  const deadline = start + 60_000;
  await Promise.all(watchers.map(async (_w, i) => {
    while (performance.now() < deadline) {
      try {
        await open(i);
        await watchers[i]!.first.promise;
        if (!firstServed) firstServed = performance.now();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 100));
      }
    }
  }));
  const served = watchers.filter((w) => w.status === 200).length;
  return { served, of: watchers.length, allServedMs: Math.round(performance.now() - firstServed) };
}

async function joins() {
  const latencies: number[] = [];
  const pending = new Map<string, { t0: number; seenBy: Set<number>; lastAt: number }>();
  // A page may show a join before its answer names the party (the writer's pages are sent the
  // change at its commit): each page keeps its events since the oldest join still unanswered
  // began, and they are looked through on the answer.
  const logs: Array<Array<[number, string]>> = watchers.map(() => []);
  /** When each joiner's request in flight began (Infinity between requests). */
  const asking = new Array<number>(spec.joiners).fill(Infinity);
  const waits = new Map<string, () => void>();
  const shows = (data: string, id: string) => {
    // In the line (keys before the waits), not called.
    const pos = data.indexOf(entryKey(id));
    const waitingEnd = data.indexOf('"waits":');
    return pos >= 0 && (waitingEnd < 0 || pos < waitingEnd);
  };
  const see = (id: string, i: number, at: number) => {
    const p = pending.get(id);
    if (!p || p.seenBy.has(i)) return;
    p.seenBy.add(i);
    p.lastAt = Math.max(p.lastAt, at);
    if (p.seenBy.size === watchers.length) {
      latencies.push(p.lastAt - p.t0);
      pending.delete(id);
      waits.get(id)?.();
      waits.delete(id);
    }
  };
  onEvent = (i, at, data) => {
    const log = logs[i]!;
    log.push([at, data]);
    const since = Math.min(...asking);
    while (log.length > 0 && log[0]![0] < since) log.shift();
    for (const id of pending.keys()) if (shows(data, id)) see(id, i, at);
  };
  /** Starts waiting for `id` (joined at t0) on every page, from the events already kept. */
  const awaitShown = (id: string, t0: number) =>
    new Promise<void>((done) => {
      waits.set(id, done);
      pending.set(id, { t0, seenBy: new Set(), lastAt: 0 });
      logs.forEach((log, i) => {
        const first = log.find(([at, data]) => at >= t0 && shows(data, id));
        if (first) see(id, i, first[0]);
      });
    });
  let joined = 0;
  let failed = 0;
  const stopAt = performance.now() + spec.durationSec * 1000;
  const cancels: Promise<unknown>[] = [];
  const cpuNow = () => [
    cpuMicros(Deno.pid),
    spec.appPid ? cpuMicros(spec.appPid) : null,
    spec.postmasterPid ? postgresServerCpuMicros(spec.postmasterPid) : null,
  ];
  const cpuBefore = cpuNow();
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: spec.joiners }, async (_, j) => {
    let n = 0;
    while (performance.now() < stopAt) {
      const t0 = performance.now();
      asking[j] = t0;
      const res = await request(spec.port, spec.host, "POST", `/api/queues/${spec.queueId}/join`, {
        customerName: `Fan ${j}.${n}`,
        customerPhone: `07${String(j).padStart(3, "0")}${String(n++).padStart(6, "0")}`,
        partySize: 2,
      }, { "x-forwarded-for": ipOf(100_000 + j) });
      if (res.status !== 201) {
        asking[j] = Infinity;
        failed++;
        continue;
      }
      joined++;
      const entry = JSON.parse(res.body).entry as { id: string; sessionId: string };
      const shown = awaitShown(entry.id, t0);
      asking[j] = Infinity;
      // Leaves again once every page showed it, so the line stays as short as a venue's.
      cancels.push(
        shown.then(() =>
          request(spec.port, spec.host, "POST", `/api/queues/entry/${entry.sessionId}/cancel`, {}, {
            "x-forwarded-for": ipOf(100_000 + j),
          })
        ),
      );
    }
  }));
  const elapsed = (performance.now() - startedAt) / 1000;
  await Promise.race([Promise.all(cancels), new Promise((r) => setTimeout(r, 5000))]);
  // From the first join until the last cancel (sent once every page showed its join) is answered
  // or 5 s passed, per join answered: some of their notifications' delivery is in it too.
  const cpuAfter = cpuNow();
  const msPerJoin = (i: number) =>
    cpuBefore[i] == null || cpuAfter[i] == null
      ? null
      : Number(((cpuAfter[i]! - cpuBefore[i]!) / 1000 / Math.max(1, joined)).toFixed(2));
  const unseen = pending.size;
  onEvent = null;
  return {
    joins: joined,
    failed,
    joinsPerSec: Math.round(joined / elapsed),
    shownOnAllPages: latencies.length,
    notShown: unseen,
    ...summary(latencies),
    clientCpuMsPerJoin: msPerJoin(0),
    appCpuMsPerJoin: msPerJoin(1),
    postgresCpuMsPerJoin: msPerJoin(2),
  };
}

async function main() {
  const openMs = await openAll();
  console.log("READY");
  // Lets the parent read the server's memory with every stream open.
  await new Promise((r) => setTimeout(r, 1500));
  const result: Record<string, unknown> = { watchers: spec.watchers, openMs: Math.round(openMs) };
  if (spec.mode === "staff") {
    Object.assign(result, await staffActions());
    if (spec.storm) result.storm = await reconnectStorm();
  } else {
    Object.assign(result, await joins());
  }
  for (const w of watchers) w.stream?.close();
  console.log(JSON.stringify(result));
  Deno.exit(0);
}

if (import.meta.main) await main();
