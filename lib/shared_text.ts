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
