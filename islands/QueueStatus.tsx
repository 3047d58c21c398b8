import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { EntryView } from "../lib/queue/entry_view.ts";
import { placeOnWire, type PublicQueueWire } from "../lib/queue/public_wire.ts";
import { followLiveEvents } from "../lib/islands/live_events.ts";
import type { Locale } from "../lib/i18n/locales.ts";
import { statusMessages } from "../lib/i18n/messages/status.ts";
import { commonMessages } from "../lib/i18n/messages/common.ts";

export interface QueueStatusProps {
  entry: EntryView;
  eventsUrl: string;
  statusUrl: string;
  /** `/api/queues/entry/:sessionId`: `/cancel` and `/confirm` hang below it. */
  actionsUrl?: string;
  locale?: Locale;
  /** When the party joined, as the venue's clock shows it ("7:05 pm"): made by the server. */
  joinedClock: string;
  /** Where a customer whose place ended joins again (the tenant's home page). */
  joinUrl?: string;
}

/** The customer's live ticket: starts from the server's entry, then follows the queue's events. */
export default function QueueStatus(
  {
    entry,
    eventsUrl,
    statusUrl,
    actionsUrl = statusUrl,
    locale = "en",
    joinedClock,
    joinUrl = "/",
  }: QueueStatusProps,
) {
  const t = statusMessages.for(locale);
  const current = useSignal(entry);
  const live = useSignal(false);
  const confirmingCancel = useSignal(false);
  const busy = useSignal(false);
  const problem = useSignal<string | null>(null);

  async function act(action: "cancel" | "confirm") {
    busy.value = true;
    problem.value = null;
    try {
      const res = await fetch(`${actionsUrl}/${action}`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: "{}",
      });
      const body = await res.json().catch(() => ({}));
      if (res.ok) current.value = body.entry;
      else problem.value = locale === "en" && body.error ? body.error : t("problem");
    } catch {
      problem.value = t("offline");
    } finally {
      busy.value = false;
      confirmingCancel.value = false;
    }
  }

  useEffect(() => {
    let refreshing = false;
    async function refresh() {
      if (refreshing) return;
      refreshing = true;
      try {
        const res = await fetch(statusUrl, { headers: { accept: "application/json" } });
        if (res.ok) current.value = (await res.json()).entry;
      } catch {
        // offline for a moment: the next event or reconnect tries again
      } finally {
        refreshing = false;
      }
    }
    function onSnapshot(snap: PublicQueueWire) {
      const me = current.value;
      const place = placeOnWire(snap, me.id);
      if (place?.status === "waiting") {
        current.value = {
          ...me,
          status: "waiting",
          position: place.position,
          estimatedWaitTime: place.estimatedWaitTime,
        };
      } else if (place?.status === "called") {
        if (me.status !== "called") {
          current.value = { ...me, status: "called", position: null, estimatedWaitTime: 0 };
          navigator.vibrate?.([200, 100, 200]);
        }
      } else if (me.status === "waiting" || me.status === "called") {
        refresh();
      }
    }
    let dropped = false;
    const events = followLiveEvents(eventsUrl, {
      update: (data) => onSnapshot(data as PublicQueueWire),
      open() {
        live.value = true;
        // Whatever happened while we were away (called, seated) shows at once.
        if (dropped) refresh();
      },
      down() {
        live.value = false;
        dropped = true;
      },
    });
    return () => events.close();
  }, [eventsUrl, statusUrl]);

  const e = current.value;
  const called = e.status === "called";
  return (
    <section
      class={`mt-4 rounded-2xl p-6 text-center shadow-sm ${
        called ? "bg-emerald-700 text-white" : "bg-white"
      }`}
      aria-live="polite"
      data-status={e.status}
    >
      <p class="text-sm uppercase tracking-wide">{t("ticket")}</p>
      <p class="text-5xl font-extrabold" data-testid="ticket">{e.ticketNumber}</p>
      <h1 class="mt-4 text-2xl font-bold" data-testid="headline">{t(`headline.${e.status}`)}</h1>
      {e.status === "waiting" && e.position !== null && (
        <div class="mt-4 grid grid-cols-2 gap-3">
          <div class="rounded-xl bg-slate-100 p-3">
            <p class="text-xs text-slate-700">{t("place")}</p>
            <p class="text-3xl font-bold" data-testid="position">{t.number(e.position)}</p>
          </div>
          <div class="rounded-xl bg-slate-100 p-3">
            <p class="text-xs text-slate-700">{t("eta")}</p>
            <p class="text-3xl font-bold" data-testid="eta">
              {e.estimatedWaitTime === 0
                ? t("eta.next")
                : t("eta.minutes", { count: e.estimatedWaitTime })}
            </p>
          </div>
        </div>
      )}
      {called && <p class="mt-3 text-lg">{t("called.come")}</p>}
      {called && e.requireConfirmation && !e.confirmedAt && (
        <button
          type="button"
          onClick={() => act("confirm")}
          disabled={busy.value}
          class="mt-4 w-full rounded-lg bg-white px-4 py-3 text-lg font-semibold text-emerald-700"
        >
          {t("confirm")}
        </button>
      )}
      {called && e.confirmedAt && (
        <p class="mt-3 font-semibold" data-testid="confirmed">
          {t("confirmed")}
        </p>
      )}
      {problem.value && <p role="alert" class="mt-3 text-sm font-semibold">{problem.value}</p>}
      {(e.status === "waiting" || called) && e.allowCancellation && (
        <div class="mt-4">
          {confirmingCancel.value
            ? (
              <div class="flex gap-2">
                <button
                  type="button"
                  onClick={() => act("cancel")}
                  disabled={busy.value}
                  class="flex-1 rounded-lg bg-red-600 px-3 py-2 font-semibold text-white"
                >
                  {t("cancel.yes")}
                </button>
                <button
                  type="button"
                  onClick={() => (confirmingCancel.value = false)}
                  class="flex-1 rounded-lg bg-slate-200 px-3 py-2 font-semibold text-slate-800"
                >
                  {t("cancel.keep")}
                </button>
              </div>
            )
            : (
              <button
                type="button"
                onClick={() => (confirmingCancel.value = true)}
                class="text-sm underline opacity-80"
              >
                {t("cancel")}
              </button>
            )}
        </div>
      )}
      {(e.status === "cancelled" || e.status === "no_show") && (
        <div class="mt-4" data-testid="join-again">
          <p class="text-sm text-slate-700">{t("again.explain")}</p>
          <a
            href={joinUrl}
            class="mt-2 inline-block rounded-lg bg-indigo-600 px-4 py-2 font-semibold text-white"
          >
            {t("again")}
          </a>
        </div>
      )}
      <p class="mt-4 text-sm">
        {e.customerName} · {commonMessages.for(locale).plural("guests", e.partySize)}
      </p>
      <p class="mt-1 text-xs">{t("joinedAt", { time: joinedClock })}</p>
      <p class="mt-2 text-xs" data-testid="live">
        {live.value ? t("live.on") : t("live.connecting")}
      </p>
    </section>
  );
}
