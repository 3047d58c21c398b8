import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { withPlatform } from "../db/transaction_repo.ts";
import type { Logger } from "../log.ts";
import type { DomainEvent } from "./event_types.ts";
import { durableHandlersFor } from "./subscriptions.ts";
import {
  claimDueEvents,
  type OutboxRow,
  type OutboxStats,
  readOutboxStats,
  releaseClaims,
  renewClaim,
  settleEvents,
  type Settlement,
} from "./outbox_repo.ts";

/** A durable handler: runs once per event (by its id) until it succeeds or the tries run out. */
export interface EventHandler {
  name: string;
  /**
   * `round` is shared by the handlers of one event in one delivery round (and no longer): what
   * several of them read about the event (say, its entry and the tenant's settings) is read once.
   */
  handle(event: DomainEvent, signal: AbortSignal, round?: Map<string, unknown>): Promise<void>;
}

export interface DispatcherOptions {
  db: Kysely<Database>;
  log: Logger;
  handlers: readonly EventHandler[];
  /** Realtime bumps of committed events: at once, best effort (pages re-read on reconnect). */
  realtime(events: readonly DomainEvent[]): Promise<void>;
  /** How often the loop looks for due rows when nothing woke it. */
  pollMs?: number;
  /** How long a claim holds a row; a crashed dispatcher's rows are due again after it. */
  leaseMs?: number;
  batchSize?: number;
  /** Lanes (a queue's events, or a tenant's without a queue) delivered side by side. */
  concurrency?: number;
  /** Tries before an event is dead. */
  maxAttempts?: number;
  /** First retry delay; it doubles per try, up to ten minutes. */
  retryBaseMs?: number;
  /** One handler call's time limit. */
  handlerTimeoutMs?: number;
}

export interface Dispatcher {
  /** Called after a command commits: bumps pages at once and wakes the durable loop. */
  afterCommit(events: readonly DomainEvent[]): Promise<void>;
  /** Starts the polling loop (the app does; tests may drive `runOnce` instead). */
  start(): void;
  /** Stops polling and waits for the round in flight. */
  stop(): Promise<void>;
  /** One delivery round over the due rows; returns how many rows it settled. */
  runOnce(): Promise<number>;
  /** Pending and dead counts and the oldest pending age (for logs and /metrics). */
  stats(): Promise<OutboxStats>;
}

const MAX_RETRY_MS = 10 * 60_000;
/** How long a finished row's settlement waits for other lanes' rows to share its statement. */
const SETTLE_GATHER_MS = 10;
const STATS_EVERY_MS = 60_000;
/** A pending event older than this is reported as lag in the log. */
const LAG_WARN_MS = 30_000;

/**
 * The outbox's own bookkeeping (claims, renewals, settlements) commits without waiting for the
 * disk: a server crash can lose the last few of them, which only delivers an event again, and
 * every handler is idempotent (a notification's send is claimed in its own, durable, commit).
 * The events themselves commit durably with the change that records them.
 */
const LAZY = { waitForDisk: false };

/**
 * Delivers outbox events after their commit. Durable handlers claim rows with
 * `FOR UPDATE SKIP LOCKED` and a lease, so two processes never run one event at once; a failed
 * handler is retried with doubling backoff, then the event is dead with the last error. Only
 * the handlers still pending run again, so a mail already sent is not sent twice by a retry.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const {
    db,
    log,
    handlers,
    pollMs = 1_000,
    leaseMs = 60_000,
    batchSize = 50,
    concurrency = 8,
    maxAttempts = 8,
    retryBaseMs = 5_000,
    handlerTimeoutMs = 20_000,
  } = options;
  const byName = new Map(handlers.map((h) => [h.name, h]));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let soon: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<number> | null = null;
  let again = false;
  let stopped = true;
  /** Set by stop(): a round in flight ends after the event in hand (tests drive runOnce unstarted). */
  let halting = false;
  let lastStatsAt = 0;
  let lastDead = 0;

  /** Runs a claimed row's pending handlers; what is left of them is the row's settlement. */
  async function runHandlers(row: OutboxRow): Promise<Settlement> {
    const event: DomainEvent = {
      id: row.id,
      type: row.type as DomainEvent["type"],
      tenantId: row.tenantId,
      payload: row.payload as DomainEvent["payload"],
    };
    const stillPending: string[] = [];
    let lastError: string | null = null;
    const round = new Map<string, unknown>();
    for (const name of row.pending) {
      const handler = byName.get(name);
      try {
        if (!handler) throw new Error(`No handler named ${name}`);
        await withDeadline(handler, event, round, handlerTimeoutMs);
      } catch (err) {
        stillPending.push(name);
        lastError = `${name}: ${err instanceof Error ? err.message : String(err)}`.slice(0, 1000);
      }
    }
    return {
      id: row.id,
      attempts: row.attempts,
      pending: stillPending,
      lastError,
      retryInMs: Math.min(retryBaseMs * 2 ** (row.attempts - 1), MAX_RETRY_MS),
      dead: stillPending.length > 0 && row.attempts >= maxAttempts,
    };
  }

  function reportSettled(row: OutboxRow, outcome: Settlement, settled: boolean) {
    if (!settled) {
      // A send outlived the lease and another dispatcher claimed the row: its outcome stands.
      log("warn", "outbox claim lost during delivery", { eventId: row.id, type: row.type });
    } else if (outcome.dead) {
      log("error", "outbox event is dead", {
        eventId: row.id,
        type: row.type,
        tenantId: row.tenantId,
        attempts: row.attempts,
        error: outcome.lastError,
      });
    } else if (outcome.lastError) {
      log("warn", "outbox delivery failed; will retry", {
        eventId: row.id,
        type: row.type,
        attempts: row.attempts,
        retryInMs: outcome.retryInMs,
        error: outcome.lastError,
      });
    }
  }

  /**
   * Delivers one claimed batch; returns how many rows it settled.
   * - Rows are delivered in the order they were written within their lane (one queue's events,
   *   or one tenant's events that name no queue); lanes run side by side, up to `concurrency`.
   * - A row is renewed to a full lease before its handlers run, unless the batch was claimed so
   *   recently that the claim still has most of its lease: a renewal that finds the row claimed
   *   by another dispatcher since (its lease ran out behind slow sends) skips it.
   * - Settlements are written as rows finish, together: one statement for the rows that finish
   *   within SETTLE_GATHER_MS of each other while other lanes still run (a busy night's rows
   *   finish one by one, lanes apart), or while the previous one is being written.
   */
  async function deliverBatch(rows: OutboxRow[], claimedAt: number): Promise<number> {
    const unsent: OutboxRow[] = [];
    const finished: Array<{ row: OutboxRow; outcome: Settlement }> = [];
    let writing: Promise<void> | null = null;
    let settled = 0;
    let failure: unknown = null;
    const lanesEnded = Promise.withResolvers<void>();

    async function writeSettlements() {
      await gathered(lanesEnded.promise, SETTLE_GATHER_MS);
      while (finished.length > 0) {
        const done = finished.splice(0);
        try {
          const ids = await settleEvents(db, done.map((d) => d.outcome));
          for (const { row, outcome } of done) reportSettled(row, outcome, ids.has(row.id));
          settled += ids.size;
        } catch (err) {
          // The rows stay claimed until their lease runs out, then are delivered again.
          failure ??= err;
        }
      }
      writing = null;
    }

    async function deliverLane(lane: OutboxRow[]) {
      for (const row of lane) {
        // Shutting down: give the rest back so the next dispatcher need not wait out a lease.
        if (halting) {
          unsent.push(row);
          continue;
        }
        const fresh = performance.now() - claimedAt < leaseMs / 4;
        if (!fresh && !await withPlatform(db, (trx) => renewClaim(trx, row, leaseMs), LAZY)) {
          continue;
        }
        finished.push({ row, outcome: await runHandlers(row) });
        writing ??= writeSettlements();
      }
    }

    const lanes = [...lanesOf(rows).values()];
    // Every lane ends before the round does, even when one fails (the database went away):
    // nothing of this batch is still running when the next round claims.
    await Promise.all(
      Array.from({ length: Math.min(concurrency, lanes.length) }, async () => {
        for (let lane = lanes.shift(); lane; lane = lanes.shift()) {
          await deliverLane(lane).catch((err) => failure ??= err);
        }
      }),
    );
    lanesEnded.resolve();
    await writing;
    if (unsent.length > 0) await withPlatform(db, (trx) => releaseClaims(trx, unsent));
    if (failure) throw failure;
    return settled;
  }

  async function round(): Promise<number> {
    let settled = 0;
    while (!halting) {
      const claimedAt = performance.now();
      const rows = await claimDueEvents(db, { limit: batchSize, leaseMs });
      settled += await deliverBatch(rows, claimedAt);
      if (rows.length < batchSize) break;
    }
    await reportStats();
    return settled;
  }

  async function reportStats(): Promise<void> {
    const now = Date.now();
    if (now - lastStatsAt < STATS_EVERY_MS) return;
    lastStatsAt = now;
    const stats = await withPlatform(db, readOutboxStats);
    if (stats.oldestPendingMs > LAG_WARN_MS || stats.dead > lastDead) {
      log("warn", "outbox lag", stats);
    } else {
      log("debug", "outbox", stats);
    }
    lastDead = stats.dead;
  }

  function runOnce(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = round().finally(() => {
      running = null;
      if (again && !stopped) {
        again = false;
        kick();
      }
    });
    return running;
  }

  function kick(): void {
    runOnce().catch((err) => log("error", "outbox round failed", { error: String(err) }));
  }

  /**
   * A round after this turn of the event loop, not inside it: the commit's page updates and its
   * HTTP answer are written to their sockets first. (On PGlite a round's queries run on this
   * thread back to back; started at once, they held those writes for the whole round.)
   */
  function kickSoon(): void {
    if (stopped || soon !== undefined) return;
    soon = setTimeout(() => {
      soon = undefined;
      if (!stopped) kick();
    }, 0);
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      runOnce()
        .catch((err) => log("error", "outbox round failed", { error: String(err) }))
        .finally(schedule);
    }, pollMs);
  }

  return {
    async afterCommit(events) {
      try {
        await options.realtime(events);
      } catch (err) {
        // Its callers do not wait for it: nothing here may reject, not even the log's write.
        try {
          log("warn", "realtime publish failed", { error: String(err) });
        } catch { /* stderr is gone */ }
      }
      if (events.some((e) => durableHandlersFor(e.type).length > 0)) kickSoon();
    },
    start() {
      if (!stopped) return;
      stopped = false;
      halting = false;
      schedule();
      kick();
    },
    async stop() {
      stopped = true;
      halting = true;
      clearTimeout(timer);
      clearTimeout(soon);
      soon = undefined;
      await running?.catch(() => {});
    },
    runOnce,
    stats: () => withPlatform(db, readOutboxStats),
  };
}

/**
 * The claimed rows by lane, each lane in the order its events were written: events of one
 * queue (the same party's "joined" before its "called") or, naming no queue, of one tenant (a
 * WhatsApp customer's messages) are delivered one after another; lanes do not wait for each other.
 */
function lanesOf(rows: readonly OutboxRow[]): Map<string, OutboxRow[]> {
  const lanes = new Map<string, OutboxRow[]>();
  const ordered = [...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  for (const row of ordered) {
    const queueId = (row.payload as { queueId?: unknown } | null)?.queueId;
    const key = `${row.tenantId ?? ""}/${typeof queueId === "string" ? queueId : ""}`;
    const lane = lanes.get(key);
    if (lane) lane.push(row);
    else lanes.set(key, [row]);
  }
  return lanes;
}

/** Resolves when `ended` does, or after `ms`, whichever comes first. */
function gathered(ended: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<void>((resolve) => timer = setTimeout(resolve, ms));
  return Promise.race([ended, waited]).finally(() => clearTimeout(timer));
}

/** Runs a handler, giving up (as a failure) when it takes longer than `ms`. */
async function withDeadline(
  handler: EventHandler,
  event: DomainEvent,
  round: Map<string, unknown>,
  ms: number,
): Promise<void> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`timed out after ${ms} ms`));
    }, ms);
  });
  try {
    await Promise.race([handler.handle(event, controller.signal, round), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
