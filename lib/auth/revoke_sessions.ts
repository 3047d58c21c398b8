import { sessionKey, userSessionPrefix } from "../kv/keys.ts";
import { announceTopics } from "../realtime/publish.ts";
import { markSessionRevoked, sessionRevocationTopic } from "./session_store.ts";

/**
 * Sessions revoked per atomic commit: three mutations (~230 bytes of keys) each, well under KV's
 * limits of 1000 mutations and 80 KiB of keys per commit.
 */
const BATCH = 100;

/**
 * Ends every session of a user on the server (after a password change, a role change or a
 * deactivation), found through the per-user index that `createSession` keeps, and ends their
 * open event streams. Returns how many were revoked.
 */
export async function revokeUserSessions(kv: Deno.Kv, userId: string): Promise<number> {
  let revoked = 0;
  let pending = 0;
  let op = kv.atomic();
  let marked: Deno.KvKey[] = [];
  for await (const entry of kv.list({ prefix: userSessionPrefix(userId) })) {
    const sessionId = entry.key[entry.key.length - 1];
    if (typeof sessionId !== "string") continue;
    markSessionRevoked(op.delete(sessionKey(sessionId)).delete(entry.key), sessionId);
    marked.push(sessionRevocationTopic(sessionId));
    revoked++;
    if (++pending === BATCH) {
      await op.commit();
      await announceTopics(kv, marked);
      op = kv.atomic();
      pending = 0;
      marked = [];
    }
  }
  if (pending > 0) {
    await op.commit();
    await announceTopics(kv, marked);
  }
  return revoked;
}
