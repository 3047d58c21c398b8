import assert from "node:assert/strict";
import pg from "pg";
import { DomainError } from "../errors.ts";
import { isDatabaseUnavailable, mayHaveCommitted } from "./db_errors.ts";

/** What a pool's first query throws when it cannot get a connection. */
async function connectError(port: number, timeoutMs = 2_000): Promise<unknown> {
  const pool = new pg.Pool({
    connectionString: `postgres://qms_app@127.0.0.1:${port}/qms`,
    connectionTimeoutMillis: timeoutMs,
  });
  pool.on("error", () => {});
  try {
    return await pool.query("select 1").then(() => null, (err) => err);
  } finally {
    await pool.end();
  }
}

function serverError(code: string, message: string): pg.DatabaseError {
  const err = new pg.DatabaseError(message, 0, "error");
  err.code = code;
  return err;
}

Deno.test("isDatabaseUnavailable() is true for a database nobody listens for", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  const err = await connectError(port);
  assert.equal((err as { code?: string }).code, "ECONNREFUSED");
  assert.equal(isDatabaseUnavailable(err), true);
});

Deno.test("isDatabaseUnavailable() is true for a server that never answers the handshake", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const held: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of listener) held.push(conn);
  })();
  try {
    const err = await connectError(listener.addr.port, 100);
    assert.match(String(err), /Connection terminated due to connection timeout/);
    assert.equal(isDatabaseUnavailable(err), true);
  } finally {
    listener.close();
    for (const conn of held) conn.close();
    await accepting.catch(() => {});
  }
});

Deno.test("isDatabaseUnavailable() is true for timeouts, shutdowns and cut connections", () => {
  const unavailable = [
    serverError("57014", "canceling statement due to statement timeout"),
    serverError("55P03", "canceling statement due to lock timeout"),
    serverError("57P01", "terminating connection due to administrator command"),
    serverError("57P02", "terminating connection due to crash of another server process"),
    serverError("57P03", "the database system is starting up"),
    serverError("08006", "connection failure"),
    serverError("53300", "sorry, too many clients already"),
    new Error("Connection terminated unexpectedly"),
    new Error("Client has encountered a connection error and is not queryable"),
    new Error("timeout exceeded when trying to connect"),
    new Error("Query failed", { cause: serverError("57P01", "terminating connection") }),
  ];
  assert.deepEqual(unavailable.filter((e) => !isDatabaseUnavailable(e)), []);
});

Deno.test("isDatabaseUnavailable() is false for errors a retry would not fix", () => {
  const others: unknown[] = [
    serverError("23505", "duplicate key value violates unique constraint"),
    serverError("42P01", 'relation "nope" does not exist'),
    serverError("22P02", "invalid input syntax for type uuid"),
    new Error("Something else broke"),
    new DomainError("queue_full", { queue: "Main", capacity: 3 }),
    "Connection terminated unexpectedly",
    null,
    undefined,
  ];
  assert.deepEqual(others.filter((e) => isDatabaseUnavailable(e)), []);
});

Deno.test("mayHaveCommitted() only for an answer lost on the way, not a statement refused or never sent", () => {
  const lost = [
    new Error("Connection terminated unexpectedly"),
    serverError("57P01", "terminating connection due to administrator command"),
    serverError("08006", "connection failure"),
    new Error("Query failed", { cause: serverError("57P02", "terminating connection") }),
    Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }),
    Object.assign(new Error("write EPIPE"), { code: "EPIPE" }),
  ];
  const notCommitted: unknown[] = [
    serverError("57014", "canceling statement due to statement timeout"),
    serverError("55P03", "canceling statement due to lock timeout"),
    serverError("23505", "duplicate key value violates unique constraint"),
    serverError("26000", "prepared statement does not exist"),
    new Error("timeout exceeded when trying to connect"),
    new Error("Connection terminated due to connection timeout"),
    new Error("Client has encountered a connection error and is not queryable"),
    Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
    Object.assign(new Error("getaddrinfo ENOTFOUND db"), { code: "ENOTFOUND" }),
    new DomainError("entry_ended"),
    null,
  ];
  assert.deepEqual(lost.filter((e) => !mayHaveCommitted(e)), []);
  assert.deepEqual(notCommitted.filter((e) => mayHaveCommitted(e)), []);
});
