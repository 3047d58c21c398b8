import type { BoardEntry } from "../../lib/queue/snapshot.ts";
import { minutesSince } from "./board_client.ts";
import { NotificationLog } from "./NotificationLog.tsx";
import { guests } from "./board_words.ts";

/** Party size at a glance: small, medium and large tables in three colours. */
export function partyClass(size: number): string {
  if (size >= 7) return "bg-rose-100 text-rose-800 ring-rose-200";
  if (size >= 4) return "bg-amber-100 text-amber-800 ring-amber-200";
  return "bg-emerald-100 text-emerald-800 ring-emerald-200";
}

/** Long waits stand out: a party waiting past 15/30 minutes, or called 5/10 minutes ago. */
function waitClass(minutes: number, called: boolean): string {
  const [warn, late] = called ? [5, 10] : [15, 30];
  if (minutes >= late) return "bg-rose-50 text-rose-700 font-semibold";
  if (minutes >= warn) return "bg-amber-50 text-amber-800 font-semibold";
  return "text-slate-600";
}

function ClockIcon() {
  return (
    <svg viewBox="0 0 20 20" class="h-4 w-4 opacity-70" fill="none" aria-hidden="true">
      <circle cx="10" cy="10" r="7.25" stroke="currentColor" stroke-width="1.5" />
      <path d="M10 6v4.25l2.75 1.75" stroke="currentColor" stroke-width="1.5" />
    </svg>
  );
}

/** The facts staff need about a party: ticket, name, size, time, phone, notes (and its code). */
export function EntrySummary(
  { entry: e, now, place }: { entry: BoardEntry; now: number; place?: number },
) {
  const called = e.status === "called";
  const minutes = minutesSince(called && e.calledAt ? e.calledAt : e.joinedAt, now);
  return (
    <div class="min-w-0 flex-1">
      <div class="flex flex-wrap items-center gap-x-3 gap-y-1">
        {place !== undefined && (
          <span class="-mr-1 text-sm font-semibold tabular-nums text-slate-600">
            <span class="sr-only">Place</span>#{place}
          </span>
        )}
        <span class="font-mono text-xl font-bold tracking-tight text-slate-900">
          {e.ticketNumber}
        </span>
        <span class="min-w-0 truncate text-lg font-semibold">{e.customerName}</span>
        <span
          class={`rounded-full px-2.5 py-0.5 text-sm font-semibold ring-1 ring-inset ${
            partyClass(e.partySize)
          }`}
        >
          <span data-testid="party-size">{guests(e.partySize)}</span>
        </span>
        <span
          class={`ml-auto inline-flex items-center gap-1 whitespace-nowrap rounded-md px-2 py-0.5 text-sm tabular-nums ${
            waitClass(minutes, called)
          }`}
          data-testid="waited"
        >
          <ClockIcon />
          <span class="sr-only">{called ? "called" : "waiting"}</span>
          {` ${minutes} min`}
          {called && " ago"}
        </span>
      </div>
      <div class="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-600">
        <a
          href={`tel:${e.customerPhone}`}
          class="rounded underline-offset-2 hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
        >
          {e.customerPhone}
        </a>
        {(e.platform === "whatsapp" || e.platform === "sms") && (
          <span
            class={`rounded-md px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${
              e.platform === "whatsapp"
                ? "bg-green-50 text-green-800 ring-green-200"
                : "bg-sky-50 text-sky-800 ring-sky-200"
            }`}
            data-testid="row-channel"
            title={`Joined by ${
              e.platform === "whatsapp" ? "WhatsApp" : "SMS"
            }: chat messages go there`}
          >
            {e.platform === "whatsapp" ? "WhatsApp" : "SMS"}
          </span>
        )}
        {e.unreadChat > 0 && (
          <span
            class="rounded-full bg-rose-600 px-2 py-0.5 text-xs font-semibold text-white"
            data-testid="row-unread-chat"
          >
            {e.unreadChat} new {e.unreadChat === 1 ? "message" : "messages"}
          </span>
        )}
        {called && e.verificationCode && (
          <span class="rounded-md bg-slate-900 px-2 py-0.5 font-mono text-sm font-bold tracking-widest text-white">
            <span class="sr-only">Verification code</span>
            <span aria-hidden="true" class="mr-1 font-sans text-xs font-medium tracking-normal">
              CODE
            </span>
            {e.verificationCode}
          </span>
        )}
        {e.serviceTypeName && (
          <span class="rounded-md bg-indigo-50 px-2 py-0.5 text-sm font-medium text-indigo-800 ring-1 ring-inset ring-indigo-200">
            {e.serviceTypeName}
          </span>
        )}
        {called && e.confirmedAt && (
          <span class="rounded-md bg-emerald-100 px-2 py-0.5 text-sm font-semibold text-emerald-800">
            On the way
          </span>
        )}
      </div>
      {e.notes && (
        <p
          class="mt-2 rounded-lg bg-yellow-50 px-3 py-1.5 text-sm text-yellow-950 ring-1 ring-inset ring-yellow-200 wrap-anywhere whitespace-pre-line"
          data-testid="entry-note"
        >
          <span class="font-semibold">Note:</span> {e.notes}
        </p>
      )}
      <NotificationLog entryId={e.id} />
    </div>
  );
}
