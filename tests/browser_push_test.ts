import assert from "node:assert/strict";
import type { Browser, BrowserContext, Worker } from "playwright-core";
import webpush from "web-push";
import { chromiumInstalled, launchChromium, PHONE, TIMEOUT } from "./helpers/browser.ts";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import { startPushService } from "./helpers/push_service.ts";
import { startTestApp } from "./helpers/test_app.ts";
import { SUBSCRIBE_TIMEOUT_MS } from "../islands/PushOptIn.tsx";

const DEMO = "http://demo.localhost";
const VAPID = webpush.generateVAPIDKeys();

interface ShownNotification {
  title: string;
  body: string;
  tag: string;
  url: string;
  vibrate: number[] | null;
}

/** The notifications the service worker is showing, read inside the worker itself. */
function shownBy(worker: Worker): Promise<ShownNotification[]> {
  return worker.evaluate(async () => {
    const sw = self as unknown as {
      registration: { getNotifications(): Promise<Array<Notification & { vibrate?: number[] }>> };
    };
    const list = await sw.registration.getNotifications();
    return list.map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
      url: (n.data as { url: string }).url,
      vibrate: n.vibrate ? [...n.vibrate] : null,
    }));
  });
}

async function serviceWorkerOf(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ??
    await context.waitForEvent("serviceworker", { timeout: TIMEOUT });
}

Deno.test({
  name: chromiumInstalled()
    ? "in Chromium: a customer opts in to push, leaves the tab, staff calls, the service worker shows the notification"
    : "in Chromium: push opt-in skipped because chromium is not installed",
  ignore: !chromiumInstalled(),
  async fn() {
    const push = startPushService();
    const app = await startTestApp({
      VAPID_PUBLIC_KEY: VAPID.publicKey,
      VAPID_PRIVATE_KEY: VAPID.privateKey,
      PUSH_ENDPOINT_ALLOW: "127.0.0.1",
    });
    const server = app.listen();
    const base = `http://demo.localhost:${server.port}`;
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const context = await browser.newContext({ viewport: PHONE });
      context.setDefaultTimeout(TIMEOUT);
      await context.grantPermissions(["notifications"], { origin: base });
      await context.addInitScript(() =>
        document.addEventListener("securitypolicyviolation", (e) => {
          // deno-lint-ignore no-console -- runs in the page: reported through the console listener
          console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
        })
      );
      const errors: string[] = [];
      const customer = await context.newPage();
      customer.on("pageerror", (err) => errors.push(err.message));
      customer.on("console", (msg) => {
        // Chromium's own note when the page asks to subscribe in an incognito-like context
        if (msg.text().startsWith("Chrome currently does not support the Push API in incognito")) {
          return;
        }
        if (msg.type() === "error") errors.push(msg.text());
      });

      const queueId = await firstQueueId(app, DEMO);
      const joined = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: "Pia Phone",
        customerPhone: "0123459001",
        partySize: 2,
      });
      assert.equal(joined.status, 201);
      const entry = (await joined.json()).entry as {
        id: string;
        sessionId: string;
        ticketNumber: string;
      };

      await customer.goto(`${base}/queue/status/${entry.sessionId}`);
      await customer.getByRole("button", { name: "Notify me on this phone" }).click();
      const message = customer.getByTestId("push-message");
      // Where Chromium tries its push service and never answers, the page gives up after
      // SUBSCRIBE_TIMEOUT_MS and says so: wait past that, not just the usual few seconds.
      await message.waitFor({ timeout: SUBSCRIBE_TIMEOUT_MS + TIMEOUT });
      // Chromium registers the worker but cannot subscribe here: Playwright's contexts are
      // incognito-like, where Chromium has no Push API ("Registration failed - permission
      // denied"); a persistent profile tries to reach FCM instead and, offline, never answers.
      // So the page says so, and the test saves a subscription pointing at the loopback push
      // service through the same API the page uses.
      const said = (await message.textContent())!.trim();
      const worker = await serviceWorkerOf(context);
      assert.equal(new URL(worker.url()).pathname, "/sw.js");
      assert.match(
        said,
        /^(You'll be notified on this phone\.|Notifications could not be turned on: .+)$/,
      );
      {
        const saved = await jsonPost(app, `${DEMO}/api/queue/push/subscribe`, {
          sessionId: entry.sessionId,
          subscription: await push.subscribe(),
        });
        assert.equal(saved.status, 201);
      }

      // The customer's tab goes to the background: another tab comes to the front. Headless
      // Chromium keeps every tab "visible" (it neither hides nor freezes one; minimizing does
      // nothing either), so the tab is then closed: no script of the page can run, and what is
      // shown can only come from the service worker.
      const other = await context.newPage();
      await other.goto(`${base}/`);
      await other.bringToFront();
      await customer.close();
      const cdp = await context.newCDPSession(other);
      const registrations = new Map<string, string>();
      cdp.on("ServiceWorker.workerRegistrationUpdated", (e) => {
        for (const r of e.registrations) {
          if (!r.isDeleted) registrations.set(r.scopeURL, r.registrationId);
        }
      });
      await cdp.send("ServiceWorker.enable");

      const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
      const called = await jsonPost(app, `${DEMO}/api/queues/${queueId}/call/${entry.id}`, {}, {
        headers: { cookie: staff },
      });
      assert.equal(called.status, 200);
      const [pushed] = await push.waitFor(1);
      assert.deepEqual(push.rejected, []);

      // What the push service would hand the browser, delivered to the worker by DevTools.
      const registrationId = registrations.get(`${base}/`);
      assert.ok(registrationId, `no service worker registration for ${base}/`);
      await cdp.send("ServiceWorker.deliverPushMessage", {
        origin: base,
        registrationId,
        data: pushed!.text,
      });
      let shown: ShownNotification[] = [];
      const deadline = Date.now() + TIMEOUT;
      while (shown.length === 0 && Date.now() < deadline) {
        shown = await shownBy(worker);
        if (shown.length === 0) await new Promise((r) => setTimeout(r, 50));
      }
      const sent = JSON.parse(pushed!.text) as { body: string; url: string };
      assert.ok(sent.url.endsWith(`/queue/status/${entry.sessionId}`), sent.url);
      assert.deepEqual(shown, [{
        title: `It's your turn: ${entry.ticketNumber}`,
        body: sent.body,
        tag: `entry-${entry.id}`,
        // The worker keeps only the path and opens it on its own site.
        url: `${base}/queue/status/${entry.sessionId}`,
        vibrate: [200, 100, 200],
      }]);
      assert.deepEqual(errors, []);
    } finally {
      await browser?.close();
      await server.shutdown();
      await app.close();
      await push.close();
    }
  },
});
