import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { Locale } from "../lib/i18n/locales.ts";
import { statusMessages } from "../lib/i18n/messages/status.ts";

export interface PushOptInProps {
  sessionId: string;
  /** `/api/queue/push/subscribe` */
  subscribeUrl: string;
  /** The server's VAPID public key (base64url): the browser subscribes with it. */
  vapidPublicKey: string;
  locale?: Locale;
}

/** How long the page waits for the browser's push service before it says it could not. */
export const SUBSCRIBE_TIMEOUT_MS = 20_000;

type State = "offer" | "working" | "on" | "blocked" | "unsupported" | "failed";

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = base64url.replaceAll("-", "+").replaceAll("_", "/");
  const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

function sameKey(a: ArrayBuffer | null | undefined, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.length) return false;
  const x = new Uint8Array(a);
  return x.every((v, i) => v === b[i]);
}

/** A subscription of this browser made with our key (an old one from another key is replaced). */
async function browserSubscription(key: Uint8Array<ArrayBuffer>): Promise<PushSubscription> {
  const registration = await navigator.serviceWorker.register("/sw.js", { scope: "/" });
  await navigator.serviceWorker.ready;
  const existing = await registration.pushManager.getSubscription();
  if (existing && sameKey(existing.options.applicationServerKey, key)) return existing;
  if (existing) await existing.unsubscribe();
  // Without its push service (offline, blocked network) a browser may never answer.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const gaveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error("this browser's push service did not answer; try again later")),
      SUBSCRIBE_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([
      registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }),
      gaveUp,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** "Notify me on this phone": web push for this ticket, shown on the status page after joining. */
export default function PushOptIn(
  { sessionId, subscribeUrl, vapidPublicKey, locale = "en" }: PushOptInProps,
) {
  const t = statusMessages.for(locale);
  const state = useSignal<State>("offer");
  const problem = useSignal("");
  const remembered = `push-on:${sessionId}`;
  // The button works once this island runs: before that (as sent, or while the script loads) it
  // is disabled, so an early tap is not silently lost.
  const ready = useSignal(false);

  useEffect(() => {
    ready.value = true;
    const supported = "serviceWorker" in navigator && "PushManager" in globalThis &&
      "Notification" in globalThis;
    if (!supported) state.value = "unsupported";
    else if (Notification.permission === "denied") state.value = "blocked";
    else if (Notification.permission === "granted" && sessionStorage.getItem(remembered)) {
      state.value = "on";
    }
  }, []);

  async function turnOn() {
    state.value = "working";
    problem.value = "";
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        state.value = "blocked";
        return;
      }
      const subscription = await browserSubscription(keyBytes(vapidPublicKey));
      const res = await fetch(subscribeUrl, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ sessionId, subscription: subscription.toJSON() }),
      });
      if (!res.ok) {
        const body = await res.json().catch(() => ({}));
        throw new Error(body.error ?? `The server answered ${res.status}`);
      }
      sessionStorage.setItem(remembered, "1");
      state.value = "on";
    } catch (err) {
      problem.value = err instanceof Error ? err.message : String(err);
      state.value = "failed";
    }
  }

  const s = state.value;
  return (
    <section class="mt-4 rounded-2xl bg-white p-4 text-center shadow-sm" data-testid="push-opt-in">
      {(s === "offer" || s === "working" || s === "failed") && (
        <button
          type="button"
          onClick={turnOn}
          disabled={s === "working" || !ready.value}
          class="w-full rounded-lg bg-slate-900 px-4 py-3 font-semibold text-white disabled:opacity-60"
        >
          {s === "working" ? t("push.working") : t("push.offer")}
        </button>
      )}
      {s === "failed" && (
        <p role="alert" class="mt-2 text-sm text-slate-700" data-testid="push-message">
          {t("push.failed", { reason: problem.value })}
        </p>
      )}
      {s !== "offer" && s !== "working" && s !== "failed" && (
        <p role="status" class="text-sm text-slate-700" data-testid="push-message">
          {t(`push.${s}`)}
        </p>
      )}
    </section>
  );
}
