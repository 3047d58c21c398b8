import * as oauth from "oauth4webapi";
import type { Config } from "../config.ts";

/** An OpenID provider as discovered from OAUTH_ISSUER, with this app's client credentials. */
export interface OAuthProvider {
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  clientAuth: oauth.ClientAuth;
  options: { [oauth.allowInsecureRequests]?: boolean };
}

/** The provider's word on who signed in; `email` is lowercased. */
export interface OAuthIdentity {
  subject: string;
  email: string | null;
  emailVerified: boolean;
}

/** Sign-in parameters generated for one attempt, kept server-side until the callback. */
export interface OAuthAttempt {
  state: string;
  codeVerifier: string;
  nonce: string;
  /** Sent again at the token endpoint, which requires the very same value. */
  redirectUri: string;
}

const SCOPE = "openid email profile";
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Metadata per issuer, once per process; a failed discovery is forgotten so it is retried. */
const discovered = new Map<string, Promise<oauth.AuthorizationServer>>();

export function isOAuthConfigured(config: Config): boolean {
  return Boolean(config.OAUTH_ISSUER && config.OAUTH_CLIENT_ID);
}

/**
 * Plain http is allowed only for a provider on this machine outside production: the loopback mock
 * server of the tests. Everywhere else oauth4webapi's https requirement stands.
 */
function insecureAllowed(config: Config, issuer: URL): boolean {
  return !config.isProduction && issuer.protocol === "http:" && LOOPBACK.has(issuer.hostname);
}

export async function loadOAuthProvider(config: Config): Promise<OAuthProvider> {
  if (!config.OAUTH_ISSUER || !config.OAUTH_CLIENT_ID) throw new Error("OAuth is not configured");
  const issuer = new URL(config.OAUTH_ISSUER);
  const options = insecureAllowed(config, issuer) ? { [oauth.allowInsecureRequests]: true } : {};
  let as = discovered.get(issuer.href);
  if (!as) {
    as = oauth.discoveryRequest(issuer, options)
      .then((res) => oauth.processDiscoveryResponse(issuer, res));
    discovered.set(issuer.href, as);
    as.catch(() => discovered.delete(issuer.href));
  }
  return {
    as: await as,
    client: { client_id: config.OAUTH_CLIENT_ID },
    clientAuth: config.OAUTH_CLIENT_SECRET
      ? oauth.ClientSecretBasic(config.OAUTH_CLIENT_SECRET)
      : oauth.None(),
    options,
  };
}

/** Fresh state, PKCE verifier and nonce for one sign-in attempt. */
export function newOAuthAttempt(redirectUri: string): OAuthAttempt {
  return {
    state: oauth.generateRandomState(),
    codeVerifier: oauth.generateRandomCodeVerifier(),
    nonce: oauth.generateRandomNonce(),
    redirectUri,
  };
}

/** Where to send the browser: the provider's authorization endpoint with PKCE (S256). */
export async function authorizationUrl(provider: OAuthProvider, attempt: OAuthAttempt) {
  const endpoint = provider.as.authorization_endpoint;
  if (!endpoint) throw new Error("The identity provider has no authorization endpoint");
  const url = new URL(endpoint);
  url.searchParams.set("client_id", provider.client.client_id);
  url.searchParams.set("redirect_uri", attempt.redirectUri);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", SCOPE);
  url.searchParams.set("state", attempt.state);
  url.searchParams.set("nonce", attempt.nonce);
  url.searchParams.set(
    "code_challenge",
    await oauth.calculatePKCECodeChallenge(attempt.codeVerifier),
  );
  url.searchParams.set("code_challenge_method", "S256");
  return url;
}

/**
 * Exchanges the callback's code with the attempt's PKCE verifier and validates the ID token (issuer,
 * audience, nonce, expiry). The email comes from the ID token, or from userinfo when the provider
 * leaves it out of the token. Throws on any protocol failure; the error carries no tokens.
 */
export async function exchangeCode(
  provider: OAuthProvider,
  callback: URL,
  attempt: OAuthAttempt,
): Promise<OAuthIdentity> {
  const { as, client, clientAuth, options } = provider;
  const params = oauth.validateAuthResponse(as, client, callback.searchParams, attempt.state);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    clientAuth,
    params,
    attempt.redirectUri,
    attempt.codeVerifier,
    options,
  );
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, {
    expectedNonce: attempt.nonce,
    requireIdToken: true,
  });
  const claims = oauth.getValidatedIdTokenClaims(tokens);
  if (!claims) throw new Error("The identity provider returned no ID token");
  let source: Record<string, unknown> = claims;
  if (typeof claims.email !== "string" && as.userinfo_endpoint) {
    const res = await oauth.userInfoRequest(as, client, tokens.access_token, options);
    source = await oauth.processUserInfoResponse(as, client, claims.sub, res);
  }
  const verified = source.email_verified;
  return {
    subject: claims.sub,
    email: typeof source.email === "string" ? source.email.trim().toLowerCase() : null,
    // Only an explicit claim counts: some providers let users type any address and omit it.
    emailVerified: verified === true || verified === "true",
  };
}
