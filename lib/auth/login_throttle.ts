import { DomainError } from "../errors.ts";
import { loginFailuresKey } from "../kv/keys.ts";

interface Failures {
  count: number;
  lockedUntil: number;
}

/** What a lock refers to in its message: a person's account, or a phone's recovery codes. */
export type LockSubject = "account" | "phone";

const FIRST_LOCK_MS = 60_000;
const MAX_LOCK_MS = 60 * 60_000;
const MEMORY_MS = 24 * 60 * 60_000;

/** How long the `count`-th failure locks for: nothing below the limit, then doubling. */
function lockMs(count: number, limit: number): number {
  const over = count - limit;
  return over >= 0 ? Math.min(FIRST_LOCK_MS * 2 ** over, MAX_LOCK_MS) : 0;
}

function lockedOut(ms: number, subject: LockSubject): DomainError<"locked_out"> {
  return new DomainError("locked_out", { retryAfter: Math.max(1, Math.ceil(ms / 1000)), subject });
}

async function readFailures(kv: Deno.Kv, scope: string, email: string): Promise<Failures> {
  const entry = await kv.get<Failures>(loginFailuresKey(scope, email));
  return entry.value ?? { count: 0, lockedUntil: 0 };
}

/**
 * Refuses a sign-in while the account is locked after repeated failures. It works the same for
 * addresses that have no account, so the answer reveals nothing.
 */
export async function assertNotLockedOut(
  kv: Deno.Kv,
  scope: string,
  email: string,
  options: { now?: number; subject?: LockSubject } = {},
): Promise<void> {
  const now = options.now ?? Date.now();
  const { lockedUntil } = await readFailures(kv, scope, email);
  if (lockedUntil > now) throw lockedOut(lockedUntil - now, options.subject ?? "account");
}

/** Attempts of each account whose password is being checked in this process right now. */
const checking = new Map<string, number>();
/** Admissions of one account take turns, so each sees the attempts admitted before it. */
const admitting = new Map<string, Promise<unknown>>();

function oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const run = (admitting.get(key) ?? Promise.resolve()).then(fn, fn);
  admitting.set(key, run);
  run.finally(() => {
    if (admitting.get(key) === run) admitting.delete(key);
  }).catch(() => {});
  return run;
}

/**
 * Lets one sign-in attempt go on to the password check, or refuses it at once, before any
 * hashing, when the lock would refuse it anyway: while the account is locked, and while the
 * attempts already being checked would lock it if they fail (a storm at one account then costs
 * at most `limit` hashes, not a place in the pool per request). Returns the function that
 * frees the attempt's place; call it once its outcome is recorded. The count in flight is per
 * process: N processes check at most N × `limit` at once.
 */
export function admitLoginAttempt(
  kv: Deno.Kv,
  account: { scope: string; email: string },
  options: { limit: number; now?: number },
): Promise<() => void> {
  const id = JSON.stringify([account.scope, account.email]);
  return oneAtATime(id, async () => {
    const now = options.now ?? Date.now();
    // Taken before the read: an attempt that records its failure and frees its place while we
    // read would otherwise be missing from both numbers (counted twice at worst, never zero).
    const inFlight = checking.get(id) ?? 0;
    const { count, lockedUntil } = await readFailures(kv, account.scope, account.email);
    if (lockedUntil > now) throw lockedOut(lockedUntil - now, "account");
    // Failures left before the lock; once a lock has run out, its next failure locks again.
    const room = Math.max(1, options.limit - count);
    if (inFlight >= room) throw lockedOut(lockMs(count + inFlight, options.limit), "account");
    checking.set(id, (checking.get(id) ?? 0) + 1);
    let freed = false;
    return function freeLoginAttempt() {
      if (freed) return;
      freed = true;
      const left = (checking.get(id) ?? 1) - 1;
      if (left > 0) checking.set(id, left);
      else checking.delete(id);
    };
  });
}

/**
 * Counts a failure. From the `limit`-th failure on, the account is locked for a minute, doubling
 * with each further failure up to an hour.
 */
export async function recordLoginFailure(
  kv: Deno.Kv,
  scope: string,
  email: string,
  limit: number,
  now = Date.now(),
): Promise<void> {
  const key = loginFailuresKey(scope, email);
  for (let attempt = 0; attempt < 20; attempt++) {
    const entry = await kv.get<Failures>(key);
    const count = (entry.value?.count ?? 0) + 1;
    const lock = lockMs(count, limit);
    const lockedUntil = lock > 0 ? now + lock : 0;
    const res = await kv.atomic().check(entry).set(key, { count, lockedUntil }, {
      expireIn: MEMORY_MS,
    }).commit();
    if (res.ok) return;
  }
}

export async function clearLoginFailures(kv: Deno.Kv, scope: string, email: string): Promise<void> {
  await kv.delete(loginFailuresKey(scope, email));
}
