import type { Context } from "hono";
import type { AppEnv } from "./app_env.ts";
import type { AppDeps } from "../deps.ts";
import { readinessProbeKey } from "../kv/keys.ts";

/** A check that has not answered by then counts as failed: a load balancer must not wait on us. */
const CHECK_TIMEOUT_MS = 2_000;
/** Readiness is computed at most this often, however often it is asked (one query a second). */
const READY_CACHE_MS = 1_000;

type Check = "ok" | "fail";

export interface Readiness {
  status: "ready" | "not_ready";
  database: Check;
  kv: Check;
  outbox: {
    status: Check;
    pending: number | null;
    dead: number | null;
    oldestPendingMs: number | null;
  };
}

/** Resolves with `work`'s value, or rejects after `ms`. */
function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`No answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * Checks the database (the outbox's counts, read under the platform role), KV (one read) and the
 * outbox lag (the oldest undelivered event, against READY_OUTBOX_LAG_MS). Never throws; carries no
 * error text, addresses or secrets.
 */
export async function checkReadiness(
  deps: Pick<AppDeps, "kv" | "dispatcher" | "config">,
): Promise<Readiness> {
  const [stats, kv] = await Promise.allSettled([
    within(deps.dispatcher.stats(), CHECK_TIMEOUT_MS),
    within(deps.kv.get(readinessProbeKey()), CHECK_TIMEOUT_MS),
  ]);
  const database: Check = stats.status === "fulfilled" ? "ok" : "fail";
  const outbox = stats.status === "fulfilled"
    ? {
      status:
        (stats.value.oldestPendingMs <= deps.config.READY_OUTBOX_LAG_MS ? "ok" : "fail") as Check,
      pending: stats.value.pending,
      dead: stats.value.dead,
      oldestPendingMs: Math.round(stats.value.oldestPendingMs),
    }
    : { status: "fail" as Check, pending: null, dead: null, oldestPendingMs: null };
  const kvCheck: Check = kv.status === "fulfilled" ? "ok" : "fail";
  const ready = database === "ok" && kvCheck === "ok" && outbox.status === "ok";
  return { status: ready ? "ready" : "not_ready", database, kv: kvCheck, outbox };
}

/** `GET /healthz`: the process is up and serving (no dependency is asked). */
export function healthz(c: Context<AppEnv>): Response {
  c.header("Cache-Control", "no-store");
  return c.json({ status: "ok" });
}

/** `GET /readyz`: 200 when the database, KV and the outbox are fit to serve, else 503. */
export function readyz() {
  let last: { at: number; result: Promise<Readiness> } | null = null;
  return async function readyzHandler(c: Context<AppEnv>): Promise<Response> {
    const now = Date.now();
    if (!last || now - last.at >= READY_CACHE_MS) {
      last = { at: now, result: checkReadiness(c.get("deps")) };
    }
    const result = await last.result;
    c.header("Cache-Control", "no-store");
    if (result.status !== "ready") c.header("Retry-After", "5");
    return c.json(result, result.status === "ready" ? 200 : 503);
  };
}
