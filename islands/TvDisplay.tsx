import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { DisplayQueue, DisplaySnapshot } from "../lib/display/display_snapshot.ts";
import { followLiveEvents } from "../lib/islands/live_events.ts";
import { chimeEnabled, enableChime, playChime } from "../components/screens/chime.ts";

/** The display's words in its language, filled in on the server. */
export interface TvDisplayWords {
  calling: string;
  next: string;
  nobodyCalled: string;
  nobodyWaiting: string;
  /** With `{minutes}`. */
  wait: string;
  noWait: string;
  /** With `{count}`. */
  waitingOne: string;
  waitingOther: string;
  sound: string;
  soundOn: string;
  live: string;
  reconnecting: string;
  noQueues: string;
}

export interface TvDisplayProps {
  snapshot: DisplaySnapshot;
  eventsUrl: string;
  words: TvDisplayWords;
  /** BCP 47 tag for plural rules. */
  lang: string;
}

function callKeys(snapshot: DisplaySnapshot): Set<string> {
  return new Set(
    snapshot.queues.flatMap((q) => q.calling.map((c) => `${q.queueId}/${c.ticket}/${c.calledAt}`)),
  );
}

function QueuePanel(
  { queue, words, plural }: {
    queue: DisplayQueue;
    words: TvDisplayWords;
    plural: Intl.PluralRules;
  },
) {
  const waiting =
    (plural.select(queue.waitingCount) === "one" ? words.waitingOne : words.waitingOther)
      .replace("{count}", String(queue.waitingCount));
  return (
    <section
      class="flex flex-col rounded-3xl bg-slate-800 p-8"
      aria-labelledby={`dq-${queue.queueId}`}
      data-testid="display-queue"
    >
      <h2 id={`dq-${queue.queueId}`} class="text-4xl font-bold text-white">{queue.queueName}</h2>
      <h3 class="mt-6 text-2xl font-semibold uppercase tracking-wide text-amber-200">
        {words.calling}
      </h3>
      {queue.calling.length === 0
        ? <p class="mt-2 text-4xl text-slate-200">{words.nobodyCalled}</p>
        : (
          <ul class="mt-2 flex flex-wrap gap-x-10 gap-y-2" data-testid="display-calling">
            {queue.calling.map((c, i) => (
              <li
                key={`${c.ticket}/${c.calledAt}`}
                class={i === 0
                  ? "text-9xl font-black tabular-nums text-amber-300"
                  : "text-6xl font-bold tabular-nums text-amber-100"}
              >
                {c.ticket}
              </li>
            ))}
          </ul>
        )}
      <h3 class="mt-8 text-2xl font-semibold uppercase tracking-wide text-slate-200">
        {words.next}
      </h3>
      {queue.next.length === 0
        ? <p class="mt-2 text-3xl text-slate-200">{words.nobodyWaiting}</p>
        : (
          <ul class="mt-2 flex flex-wrap gap-x-8 gap-y-2" data-testid="display-next">
            {queue.next.map((t) => (
              <li key={t} class="text-5xl font-semibold tabular-nums text-white">{t}</li>
            ))}
          </ul>
        )}
      <p class="mt-auto pt-8 text-3xl text-slate-100" data-testid="display-wait">
        {waiting} · {queue.waitingCount === 0
          ? words.noWait
          : words.wait.replace("{minutes}", String(queue.waitMinutes))}
      </p>
    </section>
  );
}

/**
 * The TV display: the called tickets in large type, the next few, and the current wait, live
 * from the queue's event stream, with a chime on each new call once sound is turned on.
 */
export default function TvDisplay({ snapshot, eventsUrl, words, lang }: TvDisplayProps) {
  const state = useSignal(snapshot);
  const live = useSignal(false);
  const soundOn = useSignal(false);
  const chimes = useSignal(0);
  const announced = useSignal("");
  const seen = useRef(callKeys(snapshot));
  const plural = useRef(new Intl.PluralRules(lang));

  useEffect(() => {
    const events = followLiveEvents(eventsUrl, {
      update(data) {
        const next = data as DisplaySnapshot;
        const keys = callKeys(next);
        const fresh = next.queues.flatMap((q) =>
          q.calling.filter((c) => !seen.current.has(`${q.queueId}/${c.ticket}/${c.calledAt}`))
            .map((c) => c.ticket)
        );
        seen.current = keys;
        state.value = next;
        if (fresh.length > 0) {
          chimes.value += 1;
          playChime();
          announced.value = `${words.calling}: ${fresh.join(", ")}`;
        }
      },
      open: () => (live.value = true),
      down: () => (live.value = false),
    });
    return () => events.close();
  }, [eventsUrl]);

  async function turnOnSound() {
    soundOn.value = await enableChime() || chimeEnabled();
  }

  return (
    <div
      class="min-h-screen bg-slate-900 p-8 text-white"
      data-testid="tv-display"
      data-chimes={chimes.value}
    >
      <div class="mb-6 flex items-center justify-end gap-6 text-xl">
        <span data-testid="display-live" class={live.value ? "text-emerald-300" : "text-amber-200"}>
          {live.value ? words.live : words.reconnecting}
        </span>
        <button
          type="button"
          onClick={turnOnSound}
          aria-pressed={soundOn.value}
          class="rounded-full bg-slate-700 px-5 py-2 font-semibold text-white hover:bg-slate-600"
        >
          {soundOn.value ? words.soundOn : words.sound}
        </button>
      </div>
      <p class="sr-only" aria-live="assertive" data-testid="display-announce">{announced.value}</p>
      {state.value.queues.length === 0
        ? <p class="text-4xl">{words.noQueues}</p>
        : (
          <div class="grid gap-8 lg:grid-cols-2">
            {state.value.queues.map((q) => (
              <QueuePanel key={q.queueId} queue={q} words={words} plural={plural.current} />
            ))}
          </div>
        )}
    </div>
  );
}
