import { oauthStateKey } from "../kv/keys.ts";
import type { OAuthAttempt } from "./oauth_client.ts";
import { randomToken } from "../random.ts";

/** How long a started sign-in may take at the identity provider. */
export const OAUTH_STATE_TTL_MS = 10 * 60 * 1000;

/** What the callback needs to finish a sign-in that this browser started. */
export interface OAuthStateRecord extends OAuthAttempt {
  expiresAt: number;
}

const BINDING_ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * Stores a pending sign-in under a fresh random id. The id goes into a host-only cookie, never into
 * the URL, so a `state` copied from an address bar cannot be completed in another browser.
 */
export async function saveOAuthState(
  kv: Deno.Kv,
  attempt: OAuthAttempt,
  now = Date.now(),
): Promise<string> {
  const bindingId = randomToken(32);
  const record: OAuthStateRecord = { ...attempt, expiresAt: now + OAUTH_STATE_TTL_MS };
  await kv.set(oauthStateKey(bindingId), record, { expireIn: OAUTH_STATE_TTL_MS });
  return bindingId;
}

/**
 * Consumes the pending sign-in of `bindingId` and returns it only when it is live and its state
 * equals `state`. The record is deleted whatever the outcome, with a versionstamp check so that of
 * two concurrent callbacks only one can win: a replayed or guessed callback finds nothing.
 */
export async function takeOAuthState(
  kv: Deno.Kv,
  bindingId: string | undefined,
  state: string | null,
  now = Date.now(),
): Promise<OAuthStateRecord | null> {
  if (!bindingId || !BINDING_ID.test(bindingId)) return null;
  const entry = await kv.get<OAuthStateRecord>(oauthStateKey(bindingId));
  if (!entry.value) return null;
  const taken = await kv.atomic().check(entry).delete(entry.key).commit();
  if (!taken.ok) return null;
  // KV keeps expired keys readable for a while, so the expiry is ours to enforce.
  if (entry.value.expiresAt <= now) return null;
  if (state === null || !constantTimeEqual(state, entry.value.state)) return null;
  return entry.value;
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
