import type { BoardEntry } from "../../lib/queue/snapshot.ts";
import { guests } from "./board_words.ts";

/** What the board sends to `/api/queues/:id/...`; the server's reply decides what happens next. */
export type EntryAction = "call" | "seat" | "cancel" | "no-show" | "requeue" | "undo";

export type PostResult =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; status: number; error: string };

/** POSTs JSON to the same origin and returns the server's body or its error message. */
export async function postJson(url: string, body: unknown = {}): Promise<PostResult> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, error: "No connection; check the network and try again" };
  }
  const data = await res.json().catch(() => ({}));
  if (res.ok) return { ok: true, data: data as Record<string, unknown> };
  const error = typeof data?.error === "string" ? data.error : "That did not work; try again";
  return { ok: false, status: res.status, error };
}

/** The confirmation line after an action succeeded. */
export function describeAction(action: EntryAction, e: BoardEntry): string {
  switch (action) {
    case "call":
      return `Called ${e.ticketNumber}: ${e.customerName} (${guests(e.partySize)})`;
    case "seat":
      return `Seated ${e.ticketNumber}: ${e.customerName}`;
    case "cancel":
      return `Cancelled ${e.ticketNumber}: ${e.customerName}`;
    case "no-show":
      return `Marked ${e.ticketNumber} as a no-show`;
    case "requeue":
      return `Put ${e.ticketNumber} back in the waiting line`;
    case "undo":
      return `Undone: ${e.ticketNumber} (${e.customerName}) is back on the board`;
  }
}

/**
 * Where a waiting entry goes when moved one step: the id it should end up before
 * (null = the end), or undefined when it cannot move that way.
 */
export function neighbourTarget(
  waiting: BoardEntry[],
  id: string,
  direction: -1 | 1,
): string | null | undefined {
  const i = waiting.findIndex((e) => e.id === id);
  if (i < 0) return undefined;
  if (direction === -1) return i === 0 ? undefined : waiting[i - 1]!.id;
  if (i === waiting.length - 1) return undefined;
  return waiting[i + 2]?.id ?? null;
}

/** Whether moving `id` before `beforeId` (null = the end) would change the order at all. */
export function changesOrder(waiting: BoardEntry[], id: string, beforeId: string | null): boolean {
  if (id === beforeId) return false;
  const i = waiting.findIndex((e) => e.id === id);
  if (i < 0) return false;
  const next = waiting[i + 1]?.id ?? null;
  return next !== beforeId;
}

/** Whole minutes since an ISO time, never negative. */
export function minutesSince(iso: string, now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
}
