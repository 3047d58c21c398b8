import type pg from "pg";

/** Times a statement's text is sent before it is prepared (a one-off is not worth a name). */
const PREPARE_AFTER = 2;
/**
 * Names handed out at most: texts beyond (say, IN lists of every length) stay unnamed. Each
 * connection holds the ones it ran, with their plans: a few hundred small statements each.
 */
const MAX_NAMES = 300;
/** Texts counted at most before the count starts over. */
const MAX_COUNTED = 20_000;

/**
 * Names for the statements a process sends again and again, so each pooled connection parses
 * and plans them once: PostgreSQL keeps a named statement per session, and after a few runs
 * may keep its plan too. Row-level security holds: a plan made under one role is not used
 * under another (PostgreSQL plans again), and the policies read `app.tenant_id` when the
 * statement runs, not when it is planned.
 */
export function createStatementNames() {
  const named = new Map<string, string>();
  const counted = new Map<string, number>();
  let next = 0;
  return {
    /** The name to send `text` under, or undefined to send it unnamed. */
    nameOf(text: string): string | undefined {
      const name = named.get(text);
      if (name !== undefined || named.size >= MAX_NAMES) return name;
      const seen = (counted.get(text) ?? 0) + 1;
      if (seen < PREPARE_AFTER) {
        if (counted.size >= MAX_COUNTED) counted.clear();
        counted.set(text, seen);
        return undefined;
      }
      counted.delete(text);
      const fresh = `qms_${(next++).toString(36)}`;
      named.set(text, fresh);
      return fresh;
    },
    /**
     * Drops the name of `text`: a table it reads changed shape under it (a migration by another
     * process), which a prepared statement cannot follow. The next run prepares it anew under a
     * new name on every connection.
     */
    forget(text: string): void {
      named.delete(text);
    },
    size: () => named.size,
  };
}

type StatementNames = ReturnType<typeof createStatementNames>;

/**
 * PostgreSQL's answer when a prepared statement cannot serve any more: its result columns
 * changed under it (a migration), or the server no longer has it (node-postgres closes a
 * statement whose values failed to bind, yet still counts it as prepared). Its name is dropped;
 * the transaction it failed in may be run again (`inTransaction`).
 */
export function isStalePreparedStatement(err: unknown): boolean {
  if (!(err instanceof Error) || !("code" in err)) return false;
  return err.code === "26000" ||
    (err.code === "0A000" && /cached plan must not change result type/.test(err.message));
}

/**
 * Sends the pool's parameterized statements under names (`createStatementNames`). Statements
 * without parameters (BEGIN with the settings, COMMIT) go as simple queries, as before: they may
 * hold several commands, which a prepared statement cannot.
 */
export function prepareRepeatedStatements(pool: pg.Pool, names: StatementNames): void {
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = function namedQuery(...args: unknown[]) {
      const [text, values, callback] = args;
      if (typeof text !== "string" || !Array.isArray(values) || values.length === 0 || callback) {
        return query(...args);
      }
      const name = names.nameOf(text);
      if (name === undefined) return query(text, values);
      return (query({ name, text, values }) as Promise<unknown>).catch((err: unknown) => {
        if (isStalePreparedStatement(err)) names.forget(text);
        throw err;
      });
    };
  });
}

/**
 * Sends a statement that is its own transaction (the `…_as` and `settle_outbox` functions), once
 * more when its prepared form had gone stale: such a statement failed before it ran.
 */
export async function aloneRetryingStale<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    if (!isStalePreparedStatement(err)) throw err;
    return await send();
  }
}
