import assert from "node:assert/strict";
import { Events, OAuth2Server } from "oauth2-mock-server";
import type { OAuthStateRecord } from "../lib/auth/oauth_state.ts";
import { oauthStateKey } from "../lib/kv/keys.ts";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";

const ADMIN = "http://admin.localhost";
const EXPIRED = /This sign-in link has expired or was already used; start again/;

/** What the mock provider says about the next person who signs in. */
interface Identity {
  email?: string;
  email_verified?: boolean;
  /** Put the email into userinfo instead of the ID token. */
  viaUserinfo?: boolean;
}

async function startProvider(who: { current: Identity }): Promise<OAuth2Server> {
  const server = new OAuth2Server();
  await server.issuer.keys.generate("RS256");
  await server.start(0, "127.0.0.1");
  server.service.on(Events.BeforeTokenSigning, (token) => {
    const { viaUserinfo, ...claims } = who.current;
    if (!viaUserinfo) Object.assign(token.payload, claims);
  });
  server.service.on(Events.BeforeUserinfo, (res) => {
    const { viaUserinfo, ...claims } = who.current;
    if (viaUserinfo && res.body !== "") Object.assign(res.body, claims);
  });
  return server;
}

/** `name=value` of a cookie the response sets (not one it clears), if any. */
function setCookie(res: Response, name: string): string | undefined {
  return res.headers.getSetCookie().map((c) => c.split(";")[0]!)
    .find((pair) => pair.startsWith(`${name}=`) && pair.length > name.length + 1);
}

/** Login on the app, then the provider's authorize step as a browser would follow it. */
async function startSignIn(app: TestApp): Promise<{ callback: string; cookie: string }> {
  const login = await app.request(`${ADMIN}/backoffice/oauth/login`);
  assert.equal(login.status, 302);
  const cookie = setCookie(login, "qms_oauth");
  assert.ok(cookie, "the login binds the attempt to this browser");
  const authorize = await fetch(login.headers.get("location")!, { redirect: "manual" });
  await authorize.body?.cancel();
  assert.equal(authorize.status, 302);
  return { callback: authorize.headers.get("location")!, cookie };
}

function callback(app: TestApp, url: string, cookie?: string): Promise<Response> {
  return app.request(url, { headers: cookie ? { cookie } : {} });
}

async function assertRefused(res: Response, status: number, message: RegExp): Promise<void> {
  assert.equal(res.status, status);
  assert.match(await res.text(), message);
  assert.equal(setCookie(res, "qms_sid"), undefined, "no session is opened");
}

async function editAttempt(
  app: TestApp,
  cookie: string,
  edit: (r: OAuthStateRecord) => OAuthStateRecord,
): Promise<void> {
  const entry = await app.deps.kv.get<OAuthStateRecord>(oauthStateKey(cookie.split("=")[1]!));
  assert.ok(entry.value);
  await app.deps.kv.set(entry.key, edit(entry.value));
}

Deno.test("back-office OAuth sign-in against a real OpenID provider", async (t) => {
  const who: { current: Identity } = { current: {} };
  const provider = await startProvider(who);
  let app: TestApp | undefined;
  try {
    app = await startTestApp({
      OAUTH_ISSUER: provider.issuer.url!,
      OAUTH_CLIENT_ID: "qms",
      OAUTH_CLIENT_SECRET: "secret",
      SUPERADMIN_EMAILS: "Admin@qms.test, ghost@qms.test",
      RATE_LIMIT_LOGIN_PER_15_MIN: "1000",
    });
    const a = app;
    const signIn = async (identity: Identity, cookie?: string) => {
      who.current = identity;
      const started = await startSignIn(a);
      const extra = cookie ? `; ${cookie}` : "";
      return await callback(a, started.callback, started.cookie + extra);
    };

    await t.step("login redirects to the provider with PKCE S256, state and nonce", async () => {
      const res = await a.request(`${ADMIN}/backoffice/oauth/login`);
      assert.equal(res.status, 302);
      const url = new URL(res.headers.get("location")!);
      assert.equal(url.origin + url.pathname, `${provider.issuer.url}/authorize`);
      assert.equal(url.searchParams.get("redirect_uri"), `${ADMIN}/backoffice/oauth/callback`);
      assert.equal(url.searchParams.get("code_challenge_method"), "S256");
      for (const p of ["state", "nonce", "code_challenge"]) assert.ok(url.searchParams.get(p));
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith("qms_oauth="))!;
      assert.match(cookie, /HttpOnly/);
      assert.doesNotMatch(cookie, /Domain=/i);
      assert.ok(!cookie.includes(url.searchParams.get("state")!), "the cookie is not the state");
    });

    let session = "";
    await t.step("a listed admin signs in and the session opens the back office", async () => {
      const res = await signIn({ email: "admin@qms.test", email_verified: true });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/backoffice");
      session = setCookie(res, "qms_sid")!;
      const home = await a.request(`${ADMIN}/backoffice`, { headers: { cookie: session } });
      assert.equal(home.status, 200);
      const html = await home.text();
      assert.match(html, /Demo Bistro/);
      assert.match(html, /Corner Cafe/);
    });

    await t.step("signing in again replaces the previous session", async () => {
      const res = await signIn({ email: "admin@qms.test", email_verified: true }, session);
      assert.equal(res.status, 303);
      const old = await a.request(`${ADMIN}/backoffice`, { headers: { cookie: session } });
      assert.equal(old.status, 303);
      session = setCookie(res, "qms_sid")!;
    });

    await t.step("the back-office session does not work on a tenant host", async () => {
      const res = await a.request("http://demo.localhost/dashboard", {
        headers: { cookie: session },
      });
      assert.equal(res.status, 303);
      assert.match(res.headers.get("location")!, /^\/dashboard\/login/);
    });

    await t.step("the email may come from userinfo", async () => {
      const res = await signIn({
        email: "admin@qms.test",
        email_verified: true,
        viaUserinfo: true,
      });
      assert.equal(res.status, 303);
    });

    await t.step("a replayed callback is refused", async () => {
      who.current = { email: "admin@qms.test", email_verified: true };
      const { callback: url, cookie } = await startSignIn(a);
      assert.equal((await callback(a, url, cookie)).status, 303);
      await assertRefused(await callback(a, url, cookie), 400, EXPIRED);
    });

    await t.step("a wrong state is refused and burns the attempt", async () => {
      who.current = { email: "admin@qms.test", email_verified: true };
      const { callback: url, cookie } = await startSignIn(a);
      const forged = new URL(url);
      forged.searchParams.set("state", "forged-state");
      await assertRefused(await callback(a, forged.href, cookie), 400, EXPIRED);
      await assertRefused(await callback(a, url, cookie), 400, EXPIRED);
    });

    await t.step("a callback from another browser (no binding cookie) is refused", async () => {
      const { callback: url } = await startSignIn(a);
      await assertRefused(await callback(a, url), 400, EXPIRED);
    });

    await t.step("an expired attempt is refused", async () => {
      const { callback: url, cookie } = await startSignIn(a);
      await editAttempt(a, cookie, (r) => ({ ...r, expiresAt: Date.now() - 1 }));
      await assertRefused(await callback(a, url, cookie), 400, EXPIRED);
    });

    await t.step("a wrong code verifier fails at the token endpoint", async () => {
      who.current = { email: "admin@qms.test", email_verified: true };
      const other = await startSignIn(a);
      const otherId = other.cookie.split("=")[1]!;
      const otherRecord = (await a.deps.kv.get<OAuthStateRecord>(oauthStateKey(otherId))).value!;
      const { callback: url, cookie } = await startSignIn(a);
      await editAttempt(a, cookie, (r) => ({ ...r, codeVerifier: otherRecord.codeVerifier }));
      await assertRefused(
        await callback(a, url, cookie),
        400,
        /Sign-in with the identity provider failed/,
      );
    });

    await t.step("a provider error is shown with its code", async () => {
      const { callback: url, cookie } = await startSignIn(a);
      const denied = new URL(url);
      denied.searchParams.delete("code");
      denied.searchParams.set("error", "access_denied");
      await assertRefused(await callback(a, denied.href, cookie), 400, /access_denied/);
    });

    await t.step(
      "addresses not listed in SUPERADMIN_EMAILS or unverified are refused",
      async () => {
        const notAllowed = /This account is not allowed to sign in to the back office/;
        await assertRefused(await signIn({ email: "owner@demo.test" }), 403, notAllowed);
        await assertRefused(
          await signIn({ email: "admin@qms.test", email_verified: false }),
          403,
          notAllowed,
        );
        await assertRefused(await signIn({}), 403, notAllowed);
        await assertRefused(await signIn({ email: "admin@qms.test" }), 403, notAllowed);
      },
    );

    await t.step("a listed address without a back-office user is refused", async () => {
      await assertRefused(
        await signIn({ email: "ghost@qms.test", email_verified: true }),
        403,
        /This account is not a back-office user/,
      );
    });

    await t.step("the OAuth routes are not served on a tenant host", async () => {
      assert.equal((await a.request("http://demo.localhost/backoffice/oauth/login")).status, 404);
    });
  } finally {
    await app?.close();
    await provider.stop();
  }
});

Deno.test("back-office OAuth login is a 404 without OAUTH_ISSUER", async () => {
  const app = await startTestApp();
  try {
    const res = await app.request(`${ADMIN}/backoffice/oauth/login`);
    assert.equal(res.status, 404);
    await res.body?.cancel();
    const cb = await app.request(`${ADMIN}/backoffice/oauth/callback?code=x&state=y`);
    assert.equal(cb.status, 404);
    await cb.body?.cancel();
  } finally {
    await app.close();
  }
});
