import { getSession, sessionRevocationTopic } from "../auth/session_store.ts";
import type { ChannelSpec, RealtimeHub } from "./hub.ts";
import { sseResponse, STAFF_STREAM_MS } from "./sse.ts";

export interface StaffStreamOptions {
  kv: Deno.Kv;
  /**
   * The signed-in session the stream serves; null for API clients and the development bypass,
   * which have no session to revoke and rely on the stream's lifetime alone.
   */
  sessionId: string | null;
  /** How often the stream checks that its session still exists (STAFF_STREAM_RECHECK_MS). */
  recheckMs: number;
  lastEventId?: string | null;
}

/**
 * Streams a staff channel (names and phones) for as long as its session lives: the stream ends
 * at once when the session is revoked (sign-out, deactivation, role or password change) through
 * the session's revocation topic, and within `recheckMs` when the revocation was written where no
 * KV watch of this process sees it (another process on a local KV file), or the session expired.
 */
export function staffStreamResponse(
  hub: RealtimeHub,
  channel: ChannelSpec,
  options: StaffStreamOptions,
): Response {
  const { kv, sessionId } = options;
  if (sessionId === null) {
    return sseResponse(hub, channel, {
      lastEventId: options.lastEventId,
      maxLifetimeMs: STAFF_STREAM_MS,
    });
  }
  return sseResponse(hub, channel, {
    lastEventId: options.lastEventId,
    maxLifetimeMs: STAFF_STREAM_MS,
    endWhenSet: sessionRevocationTopic(sessionId),
    recheckMs: options.recheckMs,
    stillAllowed: async function sessionStillLive() {
      return await getSession(kv, sessionId) !== null;
    },
  });
}
