import assert from "node:assert/strict";
import { createSession } from "../lib/auth/session_store.ts";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import { startSmtpSink } from "./helpers/smtp_sink.ts";

/**
 * Every route of the app, with who may use it. A route missing here fails the first test, so a
 * new route cannot ship without a decision about its access.
 *   public   anyone (customers, login pages)
 *   staff    any signed-in staff member of this tenant, or its API key
 *   manager  OWNER or ADMIN of this tenant (an ADMIN API key too; the STAFF key here is refused)
 *   people   OWNER or ADMIN signed in as themselves, never an API key (users, keys, settings)
 *   owner    OWNER only, signed in as themselves (billing-level: the plan)
 *   admin    the back office only: not served on a tenant's host at all
 *   device   a TV display's or kiosk's own link (its cookie), which no principal here holds
 */
const ROUTES: Record<
  string,
  "public" | "staff" | "manager" | "people" | "owner" | "admin" | "device"
> = {
  "GET /": "public",
  "GET /static/*": "public",
  "GET /sw.js": "public",
  "GET /healthz": "public",
  "GET /readyz": "public",
  "GET /api/queues/:id/service-types": "public",
  "GET /api/queues/entry/:sessionId": "public",
  "GET /dashboard/login": "public",
  "GET /dashboard/password/forgot": "public",
  "GET /dashboard/password/reset": "public",
  "GET /queue/recover": "public",
  "GET /queue/status/:sessionId": "public",
  "GET /queue/status/:sessionId/events": "public",
  "POST /api/auth/forgot-password": "public",
  "POST /api/auth/login": "public",
  "POST /api/auth/logout": "public",
  "POST /api/auth/reset-password": "public",
  "POST /api/auth/token": "public",
  "POST /api/queues/:id/join": "public",
  "POST /api/queues/entry/:sessionId/cancel": "public",
  "POST /api/queues/entry/:sessionId/confirm": "public",
  "POST /api/queues/recover": "public",
  "GET /api/queue/webchat/:sessionId": "public",
  "GET /api/queue/webchat/:sessionId/events": "public",
  "POST /api/queue/webchat/:sessionId/read": "public",
  "POST /api/queue/webchat/recovery": "public",
  // Public for the customer's form; the staff form ({ entryId }) checks the staff session itself.
  "POST /api/queue/webchat/send": "public",
  "GET /api/queue/webchat/entry/:entryId": "staff",
  "GET /api/queue/webchat/entry/:entryId/events": "staff",
  "POST /api/queue/webchat/entry/:entryId/read": "staff",
  "GET /api/settings/chat-templates": "people",
  "POST /api/settings/chat-templates": "people",
  "PUT /api/settings/chat-templates": "people",
  "POST /webhooks/twilio/status": "public",
  // Signed by Meta / Twilio instead of a session; one URL for the platform.
  "GET /webhooks/whatsapp": "public",
  "POST /webhooks/whatsapp": "public",
  "POST /webhooks/twilio/sms": "public",
  "POST /api/queue/push/subscribe": "public",
  "POST /": "public",
  "POST /queue/recover": "public",
  "POST /dashboard/login": "public",
  "POST /language": "public",
  "GET /api/queues": "staff",
  "GET /api/queues/:id": "staff",
  "GET /dashboard": "staff",
  "GET /dashboard/events": "staff",
  "GET /dashboard/queues/:id": "staff",
  "GET /dashboard/queues/:id/events": "staff",
  "POST /api/queues/:id/call-bulk": "staff",
  "POST /api/queues/:id/call-next": "staff",
  "POST /api/queues/:id/call/:entryId": "staff",
  "GET /api/queues/:id/entries/:entryId/notifications": "staff",
  "POST /api/queues/:id/entries/:entryId/notifications/resend": "staff",
  "POST /api/queues/:id/cancel/:entryId": "staff",
  "POST /api/queues/:id/complete/:entryId": "staff",
  "POST /api/queues/:id/no-show/:entryId": "staff",
  "POST /api/queues/:id/reorder": "staff",
  "POST /api/queues/:id/requeue/:entryId": "staff",
  "POST /api/queues/:id/seat/:entryId": "staff",
  "POST /api/queues/:id/undo/:entryId": "staff",
  "POST /dashboard/board-view": "staff",
  "GET /dashboard/queues/:id/delete": "manager",
  "DELETE /api/queues/:id": "manager",
  "DELETE /api/queues/:id/service-types/:typeId": "manager",
  "GET /api/users": "people",
  "GET /dashboard/queues": "manager",
  "GET /dashboard/users": "people",
  "POST /api/queues": "manager",
  "POST /api/queues/:id/service-types": "manager",
  "POST /api/queues/:id/toggle": "manager",
  "POST /api/users": "people",
  "POST /dashboard/queues": "manager",
  "POST /dashboard/queues/:id/delete": "manager",
  "POST /dashboard/queues/:id/settings": "manager",
  "POST /dashboard/queues/:id/toggle": "manager",
  "POST /dashboard/users": "people",
  "POST /dashboard/users/:id": "people",
  "PUT /api/queues/:id": "manager",
  "PUT /api/users/:id": "people",
  "GET /api/settings": "people",
  "PUT /api/settings": "people",
  "GET /api/settings/notifications": "people",
  "PUT /api/settings/notifications": "people",
  "GET /dashboard/settings": "people",
  "POST /dashboard/settings": "people",
  "POST /dashboard/settings/notifications": "people",
  "GET /api/settings/plan": "owner",
  "DELETE /api/keys/:id": "people",
  "GET /api/keys": "people",
  "POST /api/keys": "people",
  "GET /backoffice": "admin",
  "GET /backoffice/login": "admin",
  "GET /backoffice/oauth/callback": "admin",
  "GET /backoffice/oauth/login": "admin",
  "POST /backoffice/login": "admin",
  "POST /backoffice/logout": "admin",
  "GET /internal/tls/allowed": "public",
  "GET /backoffice/dashboard": "admin",
  "GET /backoffice/settings": "admin",
  "POST /backoffice/settings": "admin",
  "PUT /backoffice/settings": "admin",
  "GET /backoffice/users": "admin",
  "GET /backoffice/users/:id{[0-9a-fA-F-]{36}}": "admin",
  "POST /backoffice/users/:id{[0-9a-fA-F-]{36}}/toggle": "admin",
  "POST /backoffice/users/:id{[0-9a-fA-F-]{36}}/reset-password": "admin",
  "GET /backoffice/merchants": "admin",
  "GET /backoffice/merchants/:id{[0-9a-fA-F-]{36}}": "admin",
  "GET /backoffice/audit": "admin",
  "GET /backoffice/audit/export.csv": "admin",
  "GET /backoffice/audit/:id{[0-9a-fA-F-]{36}}": "admin",
  "GET /backoffice/admins": "admin",
  "GET /backoffice/subscriptions": "admin",
  "POST /backoffice/admins": "admin",
  "POST /backoffice/admins/:id{[0-9a-fA-F-]{36}}/toggle": "admin",
  "GET /backoffice/password": "admin",
  "POST /backoffice/password": "admin",
  "GET /backoffice/tenants": "admin",
  "POST /backoffice/tenants": "admin",
  "GET /backoffice/tenants/check-slug": "admin",
  "GET /backoffice/tenants/:id{[0-9a-fA-F-]{36}}": "admin",
  "POST /backoffice/tenants/:id{[0-9a-fA-F-]{36}}": "admin",
  "PATCH /backoffice/tenants/:id{[0-9a-fA-F-]{36}}": "admin",
  "DELETE /backoffice/tenants/:id{[0-9a-fA-F-]{36}}": "admin",
  "POST /backoffice/tenants/:id{[0-9a-fA-F-]{36}}/toggle": "admin",
  "POST /backoffice/tenants/:id{[0-9a-fA-F-]{36}}/delete": "admin",
  "GET /api/analytics/dashboard": "manager",
  "GET /api/analytics/queue/:id": "manager",
  "GET /api/analytics/export": "manager",
  "GET /dashboard/analytics": "manager",
  "GET /api/privacy/customer": "people",
  "POST /api/privacy/customer/erase": "people",
  "GET /privacy": "public",
  // Operators only: never on a tenant's host (see tests/metrics_test.ts for who may scrape it).
  "GET /metrics": "admin",
  "GET /display/connect": "device",
  "GET /display": "device",
  "GET /display/events": "device",
  "GET /display/:queueId": "device",
  "GET /display/:queueId/events": "device",
  "GET /brand.css": "public",
  "GET /kiosk/connect": "device",
  "GET /kiosk": "device",
  "POST /kiosk/join": "device",
  "GET /dashboard/devices": "manager",
  "POST /dashboard/devices": "manager",
  "POST /dashboard/devices/:id/revoke": "manager",
  "GET /dashboard/queues/:id/poster": "staff",
  "GET /dashboard/queues/:id/poster.svg": "staff",
  "GET /dashboard/queues/:id/qr.png": "staff",
  "GET /queue/:id{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}}": "public",
  "GET /queue/:id{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}}/events": "public",
};

type Principal =
  | "visitor"
  | "staff"
  | "admin"
  | "owner"
  | "otherTenant"
  | "backoffice"
  | "apiKey"
  | "revoked"
  | "expired";

const ALLOWED: Record<Principal, ReadonlyArray<(typeof ROUTES)[string]>> = {
  visitor: ["public"],
  staff: ["public", "staff"],
  admin: ["public", "staff", "manager", "people"],
  owner: ["public", "staff", "manager", "people", "owner"],
  otherTenant: ["public"],
  backoffice: ["public"],
  apiKey: ["public", "staff"],
  revoked: ["public"],
  expired: ["public"],
};

const DEMO = "http://demo.localhost";

function appRoutes(app: TestApp): string[] {
  const seen = new Set<string>();
  for (const r of app.app.routes) if (r.method !== "ALL") seen.add(`${r.method} ${r.path}`);
  return [...seen].sort();
}

Deno.test("every route is in the access table", async () => {
  const app = await startTestApp();
  try {
    assert.deepEqual(appRoutes(app), Object.keys(ROUTES).sort());
  } finally {
    await app.close();
  }
});

async function principals(app: TestApp, smtpSink: Awaited<ReturnType<typeof startSmtpSink>>) {
  const login = (base: string, email: string, password: string) =>
    staffCookie(app, base, email, password);
  const owner = await login(DEMO, "owner@demo.test", "demo1234");
  const invited = await jsonPost(app, `${DEMO}/api/users`, {
    email: "ada@demo.test",
    fullName: "Ada Admin",
    role: "ADMIN",
  }, { headers: { cookie: owner } });
  assert.equal(invited.status, 201);
  const mail = await smtpSink.waitForMail("ada@demo.test");
  const token = mail.text.match(/token=([A-Za-z0-9_-]{43})/)![1]!;
  await jsonPost(app, `${DEMO}/api/auth/reset-password`, { token, password: "ada-secret-1" });
  const revoked = await login(DEMO, "staff@demo.test", "demo1234");
  await jsonPost(app, `${DEMO}/api/auth/logout`, {}, { headers: { cookie: revoked } });
  const adminPage = await app.request("http://admin.localhost/backoffice/login");
  const csrf = adminPage.headers.get("set-cookie")!.split(";")[0]!;
  const csrfToken = (await adminPage.text()).match(/name="_csrf" value="([^"]+)"/)![1]!;
  const bo = await app.request("http://admin.localhost/backoffice/login", {
    method: "POST",
    headers: { cookie: csrf, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: csrfToken, email: "admin@qms.test", password: "admin1234" })
      .toString(),
  });
  const staffUser = await (await app.request(`${DEMO}/api/users`, { headers: { cookie: owner } }))
    .json();
  const staffId = staffUser.users.find((u: { role: string }) => u.role === "STAFF").id;
  const demo = await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" });
  const expired = await createSession(app.deps.kv, {
    kind: "tenant",
    userId: staffId,
    tenantId: demo!.id,
    role: "STAFF",
    email: "staff@demo.test",
    fullName: "Sam Staff",
  }, Date.now() - 25 * 3600_000);
  const key = await (await jsonPost(app, `${DEMO}/api/keys`, { name: "POS", role: "STAFF" }, {
    headers: { cookie: owner },
  })).json();
  const headers: Record<Principal, Record<string, string>> = {
    visitor: {},
    staff: { cookie: await login(DEMO, "staff@demo.test", "demo1234") },
    admin: { cookie: await login(DEMO, "ada@demo.test", "ada-secret-1") },
    owner: { cookie: owner },
    otherTenant: { cookie: await login("http://cafe.localhost", "owner@cafe.test", "cafe1234") },
    backoffice: { cookie: bo.headers.get("set-cookie")!.split(";")[0]! },
    apiKey: { authorization: `Bearer ${key.key}` },
    revoked: { cookie: revoked },
    expired: { cookie: `qms_sid=${expired.id}` },
  };
  return { headers, staffId };
}

function isDenied(res: Response): boolean {
  if (res.status === 401 || res.status === 403) return true;
  return res.status === 303 && (res.headers.get("location") ?? "").startsWith("/dashboard/login");
}

Deno.test("each principal reaches exactly the routes its role allows", async () => {
  const sink = await startSmtpSink();
  const app = await startTestApp({
    SMTP_URL: sink.url,
    RATE_LIMIT_LOGIN_PER_15_MIN: "100000",
    RATE_LIMIT_JOIN_PER_MINUTE: "100000",
  });
  try {
    const { headers, staffId } = await principals(app, sink);
    const queueId = await firstQueueId(app, DEMO);
    const join = async (n: number) =>
      (await (await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: `Guest ${n}`,
        customerPhone: `0123455${String(n).padStart(3, "0")}`,
        partySize: 2,
      })).json()).entry;
    const entry = await join(1);
    const values: Record<string, string> = {
      id: queueId,
      entryId: entry.id,
      sessionId: entry.sessionId,
      typeId: crypto.randomUUID(),
    };
    // Sign-outs last: they end the principal's own session.
    const order = Object.keys(ROUTES).sort((a, b) =>
      Number(a.endsWith("logout")) - Number(b.endsWith("logout"))
    );
    const wrong: string[] = [];
    for (const [principal, h] of Object.entries(headers) as [Principal, Record<string, string>][]) {
      for (const route of order) {
        const [method, path] = route.split(" ") as [string, string];
        const policy = ROUTES[route]!;
        let url = path.replace(/:(\w+)/g, (_, k: string) => values[k] ?? k);
        if (route.includes("/users/:id")) url = url.replace(queueId, staffId);
        if (route.startsWith("DELETE /api/keys")) url = url.replace(queueId, crypto.randomUUID());
        const res = await app.request(`${DEMO}${url}`, {
          method,
          headers: { ...h, ...(method === "GET" ? {} : { "content-type": "application/json" }) },
          body: method === "GET" ? undefined : "{}",
          ip: `203.0.113.${Object.keys(headers).indexOf(principal) + 1}`,
        });
        await res.body?.cancel();
        const expected = policy === "admin"
          ? "404"
          : ALLOWED[principal].includes(policy)
          ? "allowed"
          : "denied";
        const got = res.status === 404 && policy === "admin"
          ? "404"
          : res.status >= 500
          ? `error ${res.status}`
          : isDenied(res)
          ? "denied"
          : "allowed";
        if (got !== expected) wrong.push(`${principal} ${route}: ${expected}, got ${res.status}`);
      }
    }
    assert.deepEqual(wrong, []);
  } finally {
    await app.close();
    await sink.close();
  }
});

Deno.test("on the admin host only a back-office session opens the back office", async () => {
  const sink = await startSmtpSink();
  const app = await startTestApp({ SMTP_URL: sink.url, RATE_LIMIT_LOGIN_PER_15_MIN: "100000" });
  try {
    const { headers } = await principals(app, sink);
    for (const [principal, h] of Object.entries(headers)) {
      const res = await app.request("http://admin.localhost/backoffice", { headers: h });
      await res.body?.cancel();
      if (principal === "backoffice") assert.equal(res.status, 200, principal);
      else if (principal === "apiKey") assert.equal(res.status, 401, principal);
      else {
        assert.equal(res.status, 303, principal);
        assert.equal(res.headers.get("location"), "/backoffice/login", principal);
      }
    }
  } finally {
    await app.close();
    await sink.close();
  }
});
