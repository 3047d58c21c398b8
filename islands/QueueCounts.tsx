import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { QueueListing } from "../lib/queue/queue_list.ts";
import { followLiveEvents } from "../lib/islands/live_events.ts";

/** A queue tile: its listing and the customers' chat messages nobody has opened yet. */
type QueueTile = QueueListing & { unreadChats?: number };

export interface QueueCountsProps {
  queues: QueueTile[];
  eventsUrl: string;
}

/** The dashboard's queue tiles, with waiting counts that follow every change live. */
export default function QueueCounts({ queues, eventsUrl }: QueueCountsProps) {
  const list = useSignal(queues);
  useEffect(() => {
    const events = followLiveEvents(eventsUrl, {
      update: (data) => (list.value = data as QueueTile[]),
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
            {(q.unreadChats ?? 0) > 0 && (
              <span
                class="ml-2 rounded-full bg-rose-600 px-2 py-0.5 text-xs font-semibold text-white"
                data-testid="queue-unread-chats"
              >
                {q.unreadChats} unread {q.unreadChats === 1 ? "message" : "messages"}
              </span>
            )}
            {!q.acceptingCustomers && (
              <span class="ml-2 text-xs font-semibold text-amber-700">not accepting</span>
            )}
          </a>
        </li>
      ))}
    </ul>
  );
}
