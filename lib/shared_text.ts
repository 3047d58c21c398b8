/**
 * A text many requests send unchanged (a ticket's status JSON between two changes of its
 * queue): its UTF-8 bytes and each compressed form are made once, on the first request that
 * needs them, and kept with the text for as long as the text is current.
 */
export interface SharedText {
  readonly text: string;
  bytes?: Uint8Array<ArrayBuffer>;
  /** Compressed forms by content coding ("br", "gzip"), each made once. */
  coded?: Map<string, Promise<Uint8Array>>;
}

export function sharedText(text: string): SharedText {
  return { text };
}

const RECENT_KEPT = 1_000;
const recent = new Map<string, SharedText>();

/**
 * The same `SharedText` for the same text while it is among the last ~1,000 asked for: a body
 * made afresh on each request (a finished ticket's status, read from the database) is still
 * compressed once for every poll that sends it.
 */
export function recentSharedText(text: string): SharedText {
  let shared = recent.get(text);
  if (!shared) {
    if (recent.size >= RECENT_KEPT) recent.clear();
    recent.set(text, shared = sharedText(text));
  }
  return shared;
}
