import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { DisplayQueue, DisplaySnapshot } from "../lib/display/display_snapshot.ts";
import { followLiveEvents } from "../lib/islands/live_events.ts";
import type { Locale } from "../lib/i18n/locales.ts";
import { pluralCategory } from "../lib/i18n/translator.ts";

export interface PublicQueueWords {
  nowCalling: string;
  nobodyCalled: string;
  /** With `{count}`. */
  waitingOne: string;
  waitingOther: string;
  /** With `{minutes}`. */
  wait: string;
  noWait: string;
}

export interface PublicQueueStatusProps {
  queue: DisplayQueue;
  eventsUrl: string;
  words: PublicQueueWords;
  locale: Locale;
}

/** `/queue/:id`: a queue's waiting count, wait and the tickets being called, live. */
export default function PublicQueueStatus(
  { queue, eventsUrl, words, locale }: PublicQueueStatusProps,
) {
  const state = useSignal(queue);
  useEffect(() => {
    const events = followLiveEvents(eventsUrl, {
      update(data) {
        const next = (data as DisplaySnapshot).queues[0];
        if (next) state.value = next;
      },
    });
    return () => events.close();
  }, [eventsUrl]);
  const q = state.value;
  const one = pluralCategory(locale, q.waitingCount) === "one";
  return (
    <div class="mt-4 grid gap-3 sm:grid-cols-2">
      <div class="rounded-xl bg-white p-4 shadow-sm">
        <p class="text-sm font-medium text-slate-600">{words.nowCalling}</p>
        <p class="mt-1 text-3xl font-bold tabular-nums text-indigo-700" data-testid="queue-calling">
          {q.calling.length === 0 ? words.nobodyCalled : q.calling.map((c) => c.ticket).join(" · ")}
        </p>
      </div>
      <div class="rounded-xl bg-white p-4 shadow-sm">
        <p class="text-lg font-semibold" data-testid="queue-waiting">
          {(one ? words.waitingOne : words.waitingOther).replace("{count}", String(q.waitingCount))}
        </p>
        <p class="text-slate-700" data-testid="queue-wait">
          {q.waitingCount === 0
            ? words.noWait
            : words.wait.replace("{minutes}", String(q.waitMinutes))}
        </p>
      </div>
    </div>
  );
}
