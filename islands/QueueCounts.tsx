import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { QueueListing } from "../lib/queue/queue_list.ts";
import { followLiveEvents } from "../lib/islands/live_events.ts";

export interface QueueCountsProps {
  queues: QueueListing[];
  eventsUrl: string;
}

/** The dashboard's queue tiles, with waiting counts that follow every change live. */
export default function QueueCounts({ queues, eventsUrl }: QueueCountsProps) {
  const list = useSignal(queues);
  useEffect(() => {
    const events = followLiveEvents(eventsUrl, {
      update: (data) => (list.value = data as QueueListing[]),
    });
    return () => events.close();
  }, [eventsUrl]);

  return (
    <ul class="mt-4 grid gap-3 sm:grid-cols-2" data-testid="queue-tiles">
      {list.value.map((q) => (
        <li key={q.id}>
          <a
            href={`/dashboard/queues/${q.id}`}
            class="block rounded-xl bg-white p-4 shadow-sm hover:ring-2 hover:ring-indigo-500"
          >
            <span class="block font-semibold">{q.name}</span>
            <span class="text-sm text-slate-600" data-testid="queue-count">
              {q.waitingCount} waiting · about {q.estimatedWaitTime} min
            </span>
            {!q.acceptingCustomers && (
              <span class="ml-2 text-xs font-semibold text-amber-700">not accepting</span>
            )}
          </a>
        </li>
      ))}
    </ul>
  );
}
