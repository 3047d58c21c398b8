/**
 * What a queue's status pages are sent per change, built once and sent to every page: the line
 * as short keys in order, not an object per party. A page finds its own place by its entry's key.
 * Its `{"id":"…","position":n,"estimatedWaitTime":m}` per party made an update to a 50-party
 * line ~4.3 KB on every phone; this is ~1 KB (issue 12: 10,000 open pages per change).
 */
import type { PublicQueueSnapshot } from "./snapshot.ts";

export interface PublicQueueWire {
  queueId: string;
  /** The waiting parties' keys in line order: the party at index i is at position i + 1. */
  waiting: string[];
  /** Their estimated waits in minutes, in the same order. */
  waits: number[];
  /** The keys of the parties called and not yet seated. */
  called: string[];
}

/**
 * An entry's key on the wire: the first 16 hex digits of its (random) uuid. Two live parties of
 * one queue share a key with a chance of about n² / 2^65 (10,000 parties: 3 in a trillion).
 */
export function entryKey(entryId: string): string {
  return entryId.replaceAll("-", "").slice(0, 16);
}

export function toPublicWire(snapshot: PublicQueueSnapshot): PublicQueueWire {
  return {
    queueId: snapshot.queueId,
    waiting: snapshot.waiting.map((w) => entryKey(w.id)),
    waits: snapshot.waiting.map((w) => w.estimatedWaitTime),
    called: snapshot.called.map(entryKey),
  };
}

/** Where an entry stands in an update: waiting (with its place), called, or not in the line. */
export type WirePlace =
  | { status: "waiting"; position: number; estimatedWaitTime: number }
  | { status: "called" }
  | null;

export function placeOnWire(wire: PublicQueueWire, entryId: string): WirePlace {
  const key = entryKey(entryId);
  const at = wire.waiting.indexOf(key);
  if (at >= 0) {
    return { status: "waiting", position: at + 1, estimatedWaitTime: wire.waits[at] ?? 0 };
  }
  return wire.called.includes(key) ? { status: "called" } : null;
}
