// The service worker of a tenant's site (served at /sw.js, scope /). It shows the queue notices
// the server pushes (lib/notify/push_channel.ts: { title, body, url, tag, topic }) even when the
// status page is in the background or closed, and a tap opens that page.

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : "" };
  }
  const title = typeof data.title === "string" && data.title ? data.title : "Queue update";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof data.body === "string" ? data.body : "",
      tag: typeof data.tag === "string" ? data.tag : undefined,
      renotify: typeof data.tag === "string",
      vibrate: [200, 100, 200],
      requireInteraction: data.topic === "called",
      data: { url: ownPage(data.url) },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = ownPage(event.notification.data && event.notification.data.url);
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const open = windows.find((w) => new URL(w.url).pathname === new URL(target).pathname);
    if (open) return open.focus();
    return self.clients.openWindow(target);
  })());
});

/** A page of this site only: a pushed link to elsewhere keeps just its path, here. */
function ownPage(url) {
  try {
    const u = new URL(url, self.location.origin);
    return new URL(u.pathname + u.search, self.location.origin).href;
  } catch {
    return new URL("/", self.location.origin).href;
  }
}
