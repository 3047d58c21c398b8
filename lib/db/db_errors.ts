/**
 * Failures that mean "the database cannot serve this right now", not "this request is wrong":
 * the server is down, restarting or failing over, a connection was cut, the pool could not
 * connect in time, or a statement or lock wait ran past its timeout. Retrying soon may succeed,
 * so the edge answers them 503 with Retry-After instead of 500.
 */

/** SQLSTATEs of a database that is unavailable or timed out (PostgreSQL appendix A). */
const UNAVAILABLE_SQLSTATES = new Set([
  "57014", // query_canceled: statement_timeout
  "55P03", // lock_not_available: lock_timeout
  "57P01", // admin_shutdown: pg_terminate_backend, a fast shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: starting up, shutting down, in recovery
  "53300", // too_many_connections
]);

/** Socket errors on the way to the server (Node's error codes, as Deno's node:net reports). */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/**
 * node-postgres reports a lost connection and an exhausted pool with plain errors that carry
 * no code; their messages are its stable interface (pg 8 and pg-pool 3).
 */
const DRIVER_MESSAGES = [
  /^Connection terminated/, // unexpectedly, or due to connection timeout
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
  /^timeout exceeded when trying to connect$/, // the pool had no free connection in time
  /^Cannot use a pool after calling end on the pool$/, // shutting down
];

/** True when `err` (or an error in its `cause` chain) says the database is unavailable. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") {
      if (UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
      if (NETWORK_CODES.has(code)) return true;
    }
    if (DRIVER_MESSAGES.some((m) => m.test(e.message))) return true;
  }
  return false;
}

/**
 * Socket errors that can come after a statement was sent: its answer may have been lost. The
 * others of NETWORK_CODES (refused, unreachable, a name not found) fail the connect, before it.
 */
const LOST_ANSWER_CODES = new Set(["ECONNRESET", "ECONNABORTED", "EPIPE", "ETIMEDOUT"]);

/**
 * Whether a statement that failed with `err` may still have committed: its answer was lost on
 * the way (the connection was cut, the server shut down under it), not refused. An error the
 * server answered with otherwise rolled the statement back, and one of connecting (the pool's
 * timeouts, a refused or unreachable server, a client already broken) never sent it.
 */
export function mayHaveCommitted(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") {
      if (LOST_ANSWER_CODES.has(code)) return true;
      if (NETWORK_CODES.has(code)) return false;
      if (/^[0-9A-Z]{5}$/.test(code)) {
        if (/^08/.test(code) || code === "57P01" || code === "57P02") return true;
        continue;
      }
    }
    if (/^Connection terminated due to connection timeout/.test(e.message)) return false;
    if (/^Connection terminated/.test(e.message)) return true;
  }
  return false;
}
