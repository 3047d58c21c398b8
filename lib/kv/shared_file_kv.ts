/**
 * A KV file that several processes open at once (the multi-process mode): SQLite lets one
 * writer in at a time and answers the others "database is locked" at once instead of waiting.
 * Such a write did not happen, so it is safe to try again; this wraps a Deno.Kv so that its
 * writes (atomic commits, set, delete) and reads wait their turn with a short backoff.
 */

const FIRST_WAIT_MS = 2;
const MAX_WAIT_MS = 100;
/** Past this, the error is the caller's (a 503 for a request): another process holds on too long. */
const GIVE_UP_MS = 5_000;

export function isLockedError(err: unknown): boolean {
  return err instanceof Error && /database is locked|SQLITE_BUSY/i.test(err.message);
}

/** Runs `attempt` again while it fails with "database is locked", for up to GIVE_UP_MS. */
export async function whileLocked<T>(attempt: () => Promise<T>): Promise<T> {
  const started = Date.now();
  let wait = FIRST_WAIT_MS;
  while (true) {
    try {
      return await attempt();
    } catch (err) {
      if (!isLockedError(err) || Date.now() - started > GIVE_UP_MS) throw err;
      await new Promise((r) => setTimeout(r, wait * (0.5 + Math.random())));
      wait = Math.min(wait * 2, MAX_WAIT_MS);
    }
  }
}

const RETRIED = new Set(["get", "getMany", "set", "delete", "enqueue"]);

function retryingAtomic(op: Deno.AtomicOperation): Deno.AtomicOperation {
  const wrapped: Deno.AtomicOperation = new Proxy(op, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      if (prop === "commit") return () => whileLocked(() => target.commit());
      return (...args: unknown[]) => {
        const result = value.apply(target, args);
        // Builder methods return the operation itself: keep handing out the wrapper.
        return result === target ? wrapped : result;
      };
    },
  });
  return wrapped;
}

/** `kv` with every write and point read retried while another process holds the file's lock. */
export function sharedFileKv(kv: Deno.Kv): Deno.Kv {
  return new Proxy(kv, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      if (prop === "atomic") return () => retryingAtomic(target.atomic());
      if (typeof prop === "string" && RETRIED.has(prop)) {
        return (...args: unknown[]) => whileLocked(() => value.apply(target, args));
      }
      return value.bind(target);
    },
  });
}
