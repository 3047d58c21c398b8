import type { AppDeps } from "../deps.ts";
import { createSession, type SessionData } from "../auth/session_store.ts";
import {
  authorizationUrl,
  exchangeCode,
  loadOAuthProvider,
  newOAuthAttempt,
  type OAuthIdentity,
} from "../auth/oauth_client.ts";
import { saveOAuthState, takeOAuthState } from "../auth/oauth_state.ts";
import { withPlatform } from "../db/transaction_repo.ts";
import { findBackOfficeUserByEmail, recordBackOfficeLogin } from "./backoffice_repo.ts";

type Deps = Pick<AppDeps, "config" | "db" | "kv">;

export type BackofficeOAuthResult =
  | { ok: true; id: string; session: SessionData }
  /** `reason` is for the log only: short, and never a token. */
  | { ok: false; status: 400 | 403; message: string; reason: string };

export const EXPIRED_MESSAGE = "This sign-in link has expired or was already used; start again";
export const PROVIDER_FAILED_MESSAGE = "Sign-in with the identity provider failed";

/** Starts a sign-in: the binding id for this browser's cookie and where to send the browser. */
export async function startBackofficeOAuth(
  deps: Deps,
  redirectUri: string,
): Promise<{ bindingId: string; location: URL }> {
  const provider = await loadOAuthProvider(deps.config);
  const attempt = newOAuthAttempt(redirectUri);
  const location = await authorizationUrl(provider, attempt);
  const bindingId = await saveOAuthState(deps.kv, attempt);
  return { bindingId, location };
}

/**
 * Finishes a sign-in from the provider's redirect: the pending attempt of this browser (one-time),
 * the code exchange, then the allow-list and the back-office user. Only a listed address with an
 * active back-office row gets a session; nobody is created here.
 */
export async function finishBackofficeOAuth(
  deps: Deps,
  bindingId: string | undefined,
  callback: URL,
): Promise<BackofficeOAuthResult> {
  const attempt = await takeOAuthState(deps.kv, bindingId, callback.searchParams.get("state"));
  const providerError = callback.searchParams.get("error");
  if (providerError !== null) {
    // Shown to the user, so only a plain error code, never free text from the URL.
    const code = /^[\w.-]{1,64}$/.test(providerError) ? providerError : "unknown_error";
    return refuse(400, `The identity provider refused the sign-in (${code})`, "provider_error");
  }
  if (!attempt) return refuse(400, EXPIRED_MESSAGE, "bad_state");

  let identity: OAuthIdentity;
  try {
    identity = await exchangeCode(await loadOAuthProvider(deps.config), callback, attempt);
  } catch (err) {
    return refuse(400, PROVIDER_FAILED_MESSAGE, `token_exchange:${errorCode(err)}`);
  }
  const { email } = identity;
  if (!email || !identity.emailVerified || !deps.config.superadminEmails.includes(email)) {
    return refuse(403, "This account is not allowed to sign in to the back office", "not_listed");
  }
  const user = await withPlatform(deps.db, (trx) => findBackOfficeUserByEmail(trx, email));
  if (!user || !user.isActive) {
    return refuse(403, "This account is not a back-office user", "no_backoffice_user");
  }
  await withPlatform(deps.db, (trx) => recordBackOfficeLogin(trx, user.id));
  const opened = await createSession(deps.kv, {
    kind: "backoffice",
    userId: user.id,
    tenantId: null,
    role: null,
    email: user.email,
    fullName: user.fullName,
  });
  return { ok: true, ...opened };
}

function refuse(status: 400 | 403, message: string, reason: string): BackofficeOAuthResult {
  return { ok: false, status, message, reason };
}

/**
 * oauth4webapi's error code, the provider's `error` and the HTTP status: enough to tell a refused
 * code from a broken provider, and none of it a secret.
 */
function errorCode(err: unknown): string {
  if (!(err instanceof Error)) return "unknown";
  const { code, error, cause } = err as Error & { code?: unknown; error?: unknown };
  const status = cause instanceof Response ? String(cause.status) : undefined;
  return [code, error, status].filter((v) => typeof v === "string").join(":") || err.name;
}
