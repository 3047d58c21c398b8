import { sessionKey, sessionRevokedKey, userSessionKey } from "../kv/keys.ts";
import { announceTopics } from "../realtime/publish.ts";
import { randomToken } from "../random.ts";
import type { Role } from "../db/schema.ts";

export const SESSION_TTL_MS = 24 * 60 * 60 * 1000;

export interface SessionData {
  kind: "tenant" | "backoffice";
  userId: string;
  /** Set for tenant staff; a session is valid only on its own tenant's host. */
  tenantId: string | null;
  role: Role | null;
  email: string;
  fullName: string;
  createdAt: number;
  expiresAt: number;
  /** Set when the principal is an API key or a token minted from one, not a signed-in person. */
  via?: "api";
}

/** Stores a new session under a fresh random id (never reuses one from the request). */
export async function createSession(
  kv: Deno.Kv,
  data: Omit<SessionData, "createdAt" | "expiresAt">,
  now = Date.now(),
): Promise<{ id: string; session: SessionData }> {
  const id = randomToken(32);
  const session: SessionData = { ...data, createdAt: now, expiresAt: now + SESSION_TTL_MS };
  await kv.atomic()
    .set(sessionKey(id), session, { expireIn: SESSION_TTL_MS })
    .set(userSessionKey(data.userId, id), session.expiresAt, { expireIn: SESSION_TTL_MS })
    .commit();
  return { id, session };
}

/** The live session of an id; KV may keep expired keys for a while, so expiry is checked here. */
export async function getSession(
  kv: Deno.Kv,
  id: string,
  now = Date.now(),
): Promise<SessionData | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
  const entry = await kv.get<SessionData>(sessionKey(id));
  if (!entry.value || entry.value.expiresAt <= now) return null;
  return entry.value;
}

/** Ends a session (sign-out) and tells its open event streams to end. */
export async function deleteSession(kv: Deno.Kv, id: string): Promise<void> {
  const entry = await kv.get<SessionData>(sessionKey(id));
  const op = kv.atomic().delete(sessionKey(id));
  if (entry.value) markSessionRevoked(op.delete(userSessionKey(entry.value.userId, id)), id);
  await op.commit();
  if (entry.value) await announceTopics(kv, [sessionRevocationTopic(id)]);
}

/**
 * Adds the revocation mark of a session to an atomic operation. Its event streams watch the mark
 * (`sessionRevocationTopic`) and end at once in this process, in every process where a KV
 * watch sees the write (a shared remote KV), and with REALTIME_SOURCE=postgres in every process
 * (the mark is announced by NOTIFY); elsewhere their recheck of the session ends them.
 */
export function markSessionRevoked(op: Deno.AtomicOperation, id: string): Deno.AtomicOperation {
  return op.set(sessionRevokedKey(id), new Deno.KvU64(1n), { expireIn: SESSION_TTL_MS });
}

/** The realtime topic a session's event streams watch: above version 0 once it is revoked. */
export function sessionRevocationTopic(id: string): Deno.KvKey {
  return sessionRevokedKey(id);
}
