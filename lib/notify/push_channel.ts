import type { Kysely } from "kysely";
import webpush from "web-push";
import type { Database } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import { refusePushEndpoint } from "../push/push_endpoint.ts";
import {
  deletePushSubscription,
  listPushSubscriptions,
  type PushSubscriptionRow,
} from "../push/push_subscription_repo.ts";
import type { VapidKeys } from "../push/vapid_keys.ts";
import type {
  ChannelOutcome,
  NotifyChannel,
  NotifyTopic,
  OutgoingNotification,
} from "./channel.ts";

export interface PushChannelDeps {
  db: Kysely<Database>;
  /** Null: push is off here, every send is SKIPPED. */
  vapid: VapidKeys | null;
  /** Hosts a subscription may still point at (the list may have shrunk since it was saved). */
  allowedHosts: readonly string[];
  /** One push service request's time limit. */
  timeoutMs: number;
}

/** What the service worker reads from a push (static/sw.js). */
export interface PushPayload {
  title: string;
  body: string;
  url: string;
  /** One notification per entry on the device: a newer one replaces the older. */
  tag: string;
  topic: NotifyTopic;
}

/** How long a push service keeps a message for a phone that is offline (RFC 8030 §5.2). */
function ttlSeconds(topic: NotifyTopic): number {
  return topic === "called" || topic === "almost" ? 15 * 60 : 60 * 60;
}

type SendResult = { kind: "sent"; location: string | null } | { kind: "gone" } | {
  kind: "failed";
  error: string;
};

/**
 * The web push channel (RFC 8030 + VAPID RFC 8292, payload encrypted per RFC 8291 by the
 * `web-push` package). `web-push` builds the request; we send it with `fetch` so the call has an
 * abort signal and a deadline and never follows a redirect (the endpoint came from a browser).
 *
 * Every subscription of the entry gets the message. A 404/410 means the browser unsubscribed:
 * that subscription is deleted and not retried. Any other failure throws, so the outbox retries
 * the send (subscriptions that already took it get it again: the notification's tag makes the
 * phone show one).
 */
export function createPushChannel(deps: PushChannelDeps): NotifyChannel {
  const { db, vapid, allowedHosts, timeoutMs } = deps;

  async function pushTo(
    sub: PushSubscriptionRow,
    body: string,
    message: OutgoingNotification,
    signal: AbortSignal,
  ): Promise<SendResult> {
    if (!vapid) return { kind: "failed", error: "Web push is not configured" };
    if (refusePushEndpoint(sub.endpoint, allowedHosts)) return { kind: "gone" };
    const details = webpush.generateRequestDetails(
      { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
      body,
      {
        vapidDetails: vapid,
        TTL: ttlSeconds(message.topic),
        urgency: message.topic === "called" ? "high" : "normal",
      },
    );
    const headers = new Headers();
    for (const [name, value] of Object.entries(details.headers)) {
      if (name.toLowerCase() !== "content-length") headers.set(name, String(value));
    }
    let res: Response;
    try {
      res = await fetch(details.endpoint, {
        method: "POST",
        headers,
        body: details.body ? new Uint8Array(details.body) : null,
        redirect: "manual",
        signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
      });
    } catch (err) {
      const why = err instanceof DOMException && err.name === "TimeoutError"
        ? `no answer within ${timeoutMs} ms`
        : err instanceof Error
        ? err.message
        : String(err);
      return { kind: "failed", error: `push service unreachable: ${why}` };
    }
    const text = await res.text().catch(() => "");
    if (res.status === 404 || res.status === 410) return { kind: "gone" };
    if (res.ok) return { kind: "sent", location: res.headers.get("location") };
    return { kind: "failed", error: `push service answered ${res.status} ${text.slice(0, 200)}` };
  }

  return {
    name: "push",
    async send(message, signal): Promise<ChannelOutcome> {
      if (!vapid) return { status: "SKIPPED", reason: "Web push is not configured" };
      const subs = await withTenant(
        db,
        message.tenantId,
        (trx) => listPushSubscriptions(trx, message.entryId),
      );
      if (subs.length === 0) return { status: "SKIPPED", reason: "No push subscription" };
      const payload: PushPayload = {
        title: message.title,
        body: message.text,
        url: message.url,
        tag: `entry-${message.entryId}`,
        topic: message.topic,
      };
      const body = JSON.stringify(payload);
      const results = await Promise.all(subs.map((sub) => pushTo(sub, body, message, signal)));
      const gone = subs.filter((_, i) => results[i]!.kind === "gone");
      if (gone.length > 0) {
        await withTenant(db, message.tenantId, async (trx) => {
          for (const sub of gone) await deletePushSubscription(trx, sub.id);
        });
      }
      const failures = results.flatMap((r) => r.kind === "failed" ? [r.error] : []);
      if (failures.length > 0) throw new Error(failures.join("; "));
      const sent = results.flatMap((r) => r.kind === "sent" ? [r] : []);
      if (sent.length === 0) return { status: "SKIPPED", reason: "Push subscription gone" };
      return { status: "SENT", providerMessageId: sent[0]!.location ?? undefined };
    },
  };
}
