/**
 * Every Deno KV key the app uses is built here, and only here.
 *
 * Keys start with a short namespace so a prefix scan or a wipe can target one concern.
 */

/** Realtime topic of a tenant-scoped thing; its value is a Deno.KvU64 version bumped on change. */
export function realtimeTopicKey(
  tenantId: string,
  kind: string,
  id: string,
): Deno.KvKey {
  return ["rt", tenantId, kind, id];
}

/**
 * The rate-limit bucket (for `rateLimitKey`) of one side's chat messages on one ticket, so a
 * customer's flood and a staff member's are counted apart.
 */
export function chatRateBucket(entryId: string, sender: "CUSTOMER" | "STAFF"): string {
  return `chat:${entryId}:${sender}`;
}

/** A staff or back-office session by its id. */
export function sessionKey(sessionId: string): Deno.KvKey {
  return ["session", sessionId];
}

/** All sessions of one user, so they can be revoked together. */
export function userSessionKey(userId: string, sessionId: string): Deno.KvKey {
  return ["user_session", userId, sessionId];
}

/** Fixed-window rate-limit counter of one bucket (e.g. "join:tenant:ip") in one window. */
export function rateLimitKey(bucket: string, windowStart: number): Deno.KvKey {
  return ["ratelimit", bucket, windowStart];
}

/** A pending OAuth sign-in (state, PKCE verifier, nonce), named by the id in its browser's cookie. */
export function oauthStateKey(bindingId: string): Deno.KvKey {
  return ["oauth_state", bindingId];
}

/** Prefix of every `userSessionKey` of one user: list it to revoke all their sessions. */
export function userSessionPrefix(userId: string): Deno.KvKey {
  return ["user_session", userId];
}

/** Failed sign-ins of one account (per tenant or the back office), for backoff. */
export function loginFailuresKey(scope: string, email: string): Deno.KvKey {
  return ["login_failures", scope, email];
}

/**
 * Set (a Deno.KvU64 of 1) when a session is revoked: staff event streams of that session watch
 * it as a realtime topic and end at once. Expires with the longest a session can live.
 */
export function sessionRevokedKey(sessionId: string): Deno.KvKey {
  return ["session_revoked", sessionId];
}

/** The rate-limit bucket (for `rateLimitKey`) of one phone's WhatsApp/SMS messages to a tenant. */
export function conversationRateBucket(tenantId: string, phone: string): string {
  return `conversation:${tenantId}:${phone}`;
}

/**
 * The tenant directory's version (a Deno.KvU64): every back-office change to a tenant bumps it,
 * and each process's host cache forgets its answers when it sees a new one (checked at most
 * once a second), so a change reaches every process within about a second.
 */
export function tenantDirectoryVersionKey(): Deno.KvKey {
  return ["tenant_directory", "version"];
}

/** Read (never written) by `/readyz` to check that KV answers. */
export function readinessProbeKey(): Deno.KvKey {
  return ["readyz"];
}

/** A staff member's chosen board layout ("cards" or "list"), kept across sessions and devices. */
export function boardViewKey(tenantId: string, userId: string): Deno.KvKey {
  return ["board_view", tenantId, userId];
}

/**
 * Set (a Deno.KvU64 of 1) when a TV display or kiosk is revoked: its event streams watch it as
 * a realtime topic and end at once.
 */
export function deviceRevokedKey(deviceId: string): Deno.KvKey {
  return ["device_revoked", deviceId];
}
