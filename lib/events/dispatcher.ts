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
  settleEvent,
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
    batchSize = 20,
    maxAttempts = 8,
    retryBaseMs = 5_000,
    handlerTimeoutMs = 20_000,
  } = options;
  const byName = new Map(handlers.map((h) => [h.name, h]));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<number> | null = null;
  let again = false;
  let stopped = true;
  /** Set by stop(): a round in flight ends after the event in hand (tests drive runOnce unstarted). */
  let halting = false;
  let lastStatsAt = 0;
  let lastDead = 0;

  /** Delivers one claimed row; false when another dispatcher took it over first. */
  async function deliver(row: OutboxRow): Promise<boolean> {
    // The batch was claimed at once: before sending, make sure the row is still this claim's
    // and hold it for a full lease (the sends before it may have used up the first one).
    if (!await withPlatform(db, (trx) => renewClaim(trx, row, leaseMs), LAZY)) return false;
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
    const dead = stillPending.length > 0 && row.attempts >= maxAttempts;
    const retryInMs = Math.min(retryBaseMs * 2 ** (row.attempts - 1), MAX_RETRY_MS);
    const settled = await withPlatform(
      db,
      (trx) => settleEvent(trx, row, { pending: stillPending, lastError, retryInMs, dead }),
      LAZY,
    );
    if (!settled) {
      // A send outlived the lease and another dispatcher claimed the row: its outcome stands.
      log("warn", "outbox claim lost during delivery", { eventId: row.id, type: row.type });
      return false;
    }
    if (dead) {
      log("error", "outbox event is dead", {
        eventId: row.id,
        type: row.type,
        tenantId: row.tenantId,
        attempts: row.attempts,
        error: lastError,
      });
    } else if (lastError) {
      log("warn", "outbox delivery failed; will retry", {
        eventId: row.id,
        type: row.type,
        attempts: row.attempts,
        retryInMs,
        error: lastError,
      });
    }
    return true;
  }

  async function round(): Promise<number> {
    let settled = 0;
    while (!halting) {
      const rows = await withPlatform(
        db,
        (trx) => claimDueEvents(trx, { limit: batchSize, leaseMs }),
        LAZY,
      );
      for (const [i, row] of rows.entries()) {
        if (halting) {
          // Shutting down: give the rest back so the next dispatcher need not wait out a lease.
          await withPlatform(db, (trx) => releaseClaims(trx, rows.slice(i)));
          return settled;
        }
        if (await deliver(row)) settled++;
      }
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
        log("warn", "realtime publish failed", { error: String(err) });
      }
      if (!stopped && events.some((e) => durableHandlersFor(e.type).length > 0)) kick();
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
      await running?.catch(() => {});
    },
    runOnce,
    stats: () => withPlatform(db, readOutboxStats),
  };
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
