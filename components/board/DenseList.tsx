import type { BoardEntry } from "../../lib/queue/snapshot.ts";
import { type EntryAction, minutesSince } from "./board_client.ts";
import { ConfirmButton } from "./ConfirmButton.tsx";
import { guests } from "./board_words.ts";

export interface DenseListProps {
  waiting: BoardEntry[];
  called: BoardEntry[];
  now: number;
  pending: ReadonlyMap<string, string>;
  onAction: (action: EntryAction, entry: BoardEntry) => void;
}

/** Small buttons for a one-line row; still 24 px and more (WCAG 2.2 target size). */
const SMALL =
  "inline-flex h-6 min-w-6 items-center rounded-md px-2 text-xs font-semibold whitespace-nowrap focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-600 aria-disabled:opacity-60";
const SMALL_BUTTON = {
  primary: `${SMALL} bg-indigo-600 text-white hover:bg-indigo-700`,
  seat: `${SMALL} bg-emerald-700 text-white hover:bg-emerald-800`,
  secondary: `${SMALL} bg-white text-slate-800 ring-1 ring-inset ring-slate-400 hover:bg-slate-50`,
  danger: `${SMALL} bg-white text-rose-700 ring-1 ring-inset ring-rose-400 hover:bg-rose-50`,
  armed: `${SMALL} bg-rose-700 text-white`,
};

/**
 * A long note on one line: cut to the column, the whole of it one click away (a native
 * disclosure, so no script or pointer is needed to read it).
 */
function Note({ text }: { text: string }) {
  return (
    <details class="group max-w-56" data-testid="list-note">
      <summary class="cursor-pointer truncate text-slate-800 group-open:whitespace-normal">
        {text}
      </summary>
      <p class="mt-1 whitespace-pre-line rounded bg-yellow-50 px-2 py-1 wrap-anywhere">{text}</p>
    </details>
  );
}

function Row(
  { entry: e, place, now, pending, onAction }: {
    entry: BoardEntry;
    place: number | null;
    now: number;
    pending: string | null;
    onAction: DenseListProps["onAction"];
  },
) {
  const called = e.status === "called";
  const t = e.ticketNumber;
  const busy = pending !== null;
  const act = (action: EntryAction) => () => !busy && onAction(action, e);
  const minutes = minutesSince(called && e.calledAt ? e.calledAt : e.joinedAt, now);
  return (
    <tr
      class={`border-t border-slate-200 align-top ${called ? "bg-emerald-50" : "bg-white"} ${
        busy ? "opacity-70" : ""
      }`}
      data-entry-id={e.id}
      data-ticket={t}
      data-status={e.status}
      aria-busy={busy || undefined}
    >
      <td class="px-2 py-1 tabular-nums text-slate-700">{place ?? "called"}</td>
      <th scope="row" class="px-2 py-1 text-left font-mono font-bold">{t}</th>
      <td class="max-w-40 truncate px-2 py-1 font-medium" title={e.customerName}>
        {e.customerName}
        {e.unreadChat > 0 && (
          <span class="ml-1 rounded-full bg-rose-700 px-1.5 text-xs font-semibold text-white">
            {e.unreadChat} new
          </span>
        )}
      </td>
      <td class="whitespace-nowrap px-2 py-1">{guests(e.partySize)}</td>
      <td class="whitespace-nowrap px-2 py-1 tabular-nums">
        {minutes} min{called && " ago"}
        {called && e.verificationCode && (
          <span class="ml-1 font-mono text-xs">
            <span class="sr-only">code</span>
            {e.verificationCode}
          </span>
        )}
      </td>
      <td class="whitespace-nowrap px-2 py-1">
        <a href={`tel:${e.customerPhone}`} class="underline-offset-2 hover:underline">
          {e.customerPhone}
        </a>
      </td>
      <td class="px-2 py-1">{e.notes ? <Note text={e.notes} /> : null}</td>
      <td class="px-2 py-0.5">
        <div class="flex items-center justify-end gap-1">
          {called
            ? (
              <>
                <button
                  type="button"
                  class={SMALL_BUTTON.seat}
                  aria-label={`Seat ${t}`}
                  aria-disabled={busy || undefined}
                  onClick={act("seat")}
                >
                  {pending === "seat" ? "Seating…" : "Seat"}
                </button>
                <button
                  type="button"
                  class={SMALL_BUTTON.secondary}
                  aria-label={`Requeue ${t}`}
                  aria-disabled={busy || undefined}
                  onClick={act("requeue")}
                >
                  Requeue
                </button>
                <ConfirmButton
                  label="No-show"
                  name={`No-show ${t}`}
                  busy={busy}
                  onConfirm={() => onAction("no-show", e)}
                  look={SMALL_BUTTON}
                />
              </>
            )
            : (
              <button
                type="button"
                class={SMALL_BUTTON.primary}
                aria-label={`Call ${t}`}
                aria-disabled={busy || undefined}
                onClick={act("call")}
              >
                {pending === "call" ? "Calling…" : "Call"}
              </button>
            )}
          <ConfirmButton
            label="Cancel"
            name={`Cancel ${t}`}
            busy={busy}
            onConfirm={() => onAction("cancel", e)}
            look={SMALL_BUTTON}
          />
        </div>
      </td>
    </tr>
  );
}

/**
 * The busy-night view: one line per party, called parties first, then the waiting line in
 * order; every action of the cards, and the whole note a click away.
 */
export function DenseList({ waiting, called, now, pending, onAction }: DenseListProps) {
  return (
    <div class="mt-3 overflow-x-auto rounded-xl ring-1 ring-slate-300">
      <table class="w-full text-sm" data-testid="dense-list">
        <caption class="sr-only">
          Every party: {called.length} called, then {waiting.length} waiting in line order
        </caption>
        <thead class="bg-slate-100 text-left text-xs uppercase tracking-wide text-slate-700">
          <tr>
            <th scope="col" class="px-2 py-1">Place</th>
            <th scope="col" class="px-2 py-1">Ticket</th>
            <th scope="col" class="px-2 py-1">Name</th>
            <th scope="col" class="px-2 py-1">Party</th>
            <th scope="col" class="px-2 py-1">Waited</th>
            <th scope="col" class="px-2 py-1">Phone</th>
            <th scope="col" class="px-2 py-1">Note</th>
            <th scope="col" class="px-2 py-1 text-right">Actions</th>
          </tr>
        </thead>
        <tbody>
          {called.map((e) => (
            <Row
              key={e.id}
              entry={e}
              place={null}
              now={now}
              pending={pending.get(e.id) ?? null}
              onAction={onAction}
            />
          ))}
          {waiting.map((e, i) => (
            <Row
              key={e.id}
              entry={e}
              place={i + 1}
              now={now}
              pending={pending.get(e.id) ?? null}
              onAction={onAction}
            />
          ))}
        </tbody>
      </table>
      {waiting.length + called.length === 0 && (
        <p class="px-3 py-4 text-slate-700">Nobody is waiting or called.</p>
      )}
    </div>
  );
}
