import type { Context } from "hono";
import {
  assertNotLockedOut,
  clearLoginFailures,
  recordLoginFailure,
} from "../auth/login_throttle.ts";
import { recoverEntry } from "../queue/customer_actions.ts";
import type { EntryView } from "../queue/entry_view.ts";
import type { TenantEnv } from "./app_env.ts";
import { asHttpError } from "./error_map.ts";
import { HttpError } from "./errors.ts";

/** Wrong codes for one phone before it is locked (1 minute, doubling). */
const RECOVER_ATTEMPTS = 5;

/**
 * Finds a lost ticket by phone and code. A 4-digit code is guessable: a few wrong codes lock that
 * phone for a while, whatever the IP, and the ticket and chat recoveries share the one count.
 */
export async function recoverWithLockout(
  c: Context<TenantEnv>,
  input: { customerPhone: string; verificationCode: string },
): Promise<EntryView> {
  const { kv } = c.get("deps");
  const scope = `recover:${c.get("tenant").id}`;
  await assertNotLockedOut(kv, scope, input.customerPhone, { subject: "phone" });
  let entry;
  try {
    entry = await recoverEntry(c.get("scope"), input.customerPhone, input.verificationCode);
  } catch (caught) {
    const err = asHttpError(caught) ?? caught;
    if (err instanceof HttpError && err.status === 404) {
      await recordLoginFailure(kv, scope, input.customerPhone, RECOVER_ATTEMPTS);
    }
    throw err;
  }
  await clearLoginFailures(kv, scope, input.customerPhone);
  return entry;
}
