import { sessionKey, userSessionPrefix } from "../kv/keys.ts";

/** Sessions deleted per atomic commit: two mutations each, well under KV's per-commit limit. */
const BATCH = 200;

/**
 * Ends every session of a user on the server (after a password change, say), found through the
 * per-user index that `createSession` keeps. Returns how many were revoked.
 */
export async function revokeUserSessions(kv: Deno.Kv, userId: string): Promise<number> {
  let revoked = 0;
  let pending = 0;
  let op = kv.atomic();
  for await (const entry of kv.list({ prefix: userSessionPrefix(userId) })) {
    const sessionId = entry.key[entry.key.length - 1];
    if (typeof sessionId !== "string") continue;
    op.delete(sessionKey(sessionId)).delete(entry.key);
    revoked++;
    if (++pending === BATCH) {
      await op.commit();
      op = kv.atomic();
      pending = 0;
    }
  }
  if (pending > 0) await op.commit();
  return revoked;
}
