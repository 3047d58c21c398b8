import { loginFailuresKey } from "../kv/keys.ts";
import { HttpError } from "../http/errors.ts";

interface Failures {
  count: number;
  lockedUntil: number;
}

const FIRST_LOCK_MS = 60_000;
const MAX_LOCK_MS = 60 * 60_000;
const MEMORY_MS = 24 * 60 * 60_000;

/**
 * Refuses a sign-in while the account is locked after repeated failures. It works the same for
 * addresses that have no account, so the answer reveals nothing.
 */
export async function assertNotLockedOut(
  kv: Deno.Kv,
  scope: string,
  email: string,
  now = Date.now(),
): Promise<void> {
  const entry = await kv.get<Failures>(loginFailuresKey(scope, email));
  const lockedUntil = entry.value?.lockedUntil ?? 0;
  if (lockedUntil > now) {
    const seconds = Math.ceil((lockedUntil - now) / 1000);
    throw new HttpError(
      429,
      `Too many failed sign-ins for this account; try again in ${seconds} seconds`,
      { headers: { "Retry-After": String(seconds) } },
    );
  }
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
    const over = count - limit;
    const lockedUntil = over >= 0 ? now + Math.min(FIRST_LOCK_MS * 2 ** over, MAX_LOCK_MS) : 0;
    const res = await kv.atomic().check(entry).set(key, { count, lockedUntil }, {
      expireIn: MEMORY_MS,
    }).commit();
    if (res.ok) return;
  }
}

export async function clearLoginFailures(kv: Deno.Kv, scope: string, email: string): Promise<void> {
  await kv.delete(loginFailuresKey(scope, email));
}
