import { constants, crc32, deflateRawSync } from "node:zlib";

/**
 * A page template's gzip body, compressed once: each request's values (a nonce, a CSRF token)
 * go between the compressed texts as stored (uncompressed) deflate blocks, so a request costs a
 * copy and a checksum instead of a compression.
 *
 * Each text is compressed on its own, with everything before it as its preset dictionary: the
 * earlier texts, and each earlier value's place as that many FILL bytes. Since no text contains
 * a FILL byte, no back-reference can reach into a value's place, and since every value has its
 * place's length, every distance lands where it did when compressed. Each text but the last ends
 * with a sync flush (byte-aligned, not final), so a stored block can follow it directly.
 */
export interface GzipTemplate {
  /** The compressed texts, one more than the values. */
  compressed: Uint8Array[];
  /** The texts' bytes (for the checksum of each body). */
  plain: Uint8Array[];
  /** Each value's length in bytes; a value of another length cannot be spliced. */
  slotLengths: number[];
}

const FILL = 0x01;
const WINDOW = 32 * 1024;
/** A gzip member's header: deflate, no name or time, unknown OS. */
const HEADER = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
const encoder = new TextEncoder();

/** Compresses `texts` around values of `slotLengths` bytes; null when a text holds a FILL byte. */
export function gzipTemplate(texts: readonly string[], slotLengths: number[]): GzipTemplate | null {
  if (texts.length !== slotLengths.length + 1) throw new Error("one more text than values");
  const plain = texts.map((t) => encoder.encode(t));
  if (plain.some((bytes) => bytes.includes(FILL))) return null;
  const compressed: Uint8Array[] = [];
  let history = new Uint8Array(0);
  plain.forEach((bytes, i) => {
    const last = i === plain.length - 1;
    const out = deflateRawSync(bytes, {
      level: 6,
      finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
      ...(history.length > 0 ? { dictionary: history } : {}),
    });
    compressed.push(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
    if (!last) {
      const next = new Uint8Array(history.length + bytes.length + slotLengths[i]!);
      next.set(history);
      next.set(bytes, history.length);
      next.fill(FILL, history.length + bytes.length);
      history = next.length > WINDOW ? next.slice(next.length - WINDOW) : next;
    }
  });
  return { compressed, plain, slotLengths };
}

/**
 * The gzip body of the template with `values` (ASCII) in their places; null when a value does
 * not fit its place (another length, or not ASCII), for the caller to compress as usual.
 */
export function gzipFill(t: GzipTemplate, values: readonly string[]): Uint8Array | null {
  if (values.length !== t.slotLengths.length) return null;
  const valueBytes: Uint8Array[] = [];
  for (let i = 0; i < values.length; i++) {
    const bytes = encoder.encode(values[i]);
    if (bytes.length !== values[i]!.length || bytes.length !== t.slotLengths[i]) return null;
    valueBytes.push(bytes);
  }
  let total = HEADER.length + 8;
  for (const c of t.compressed) total += c.length;
  for (const v of valueBytes) total += 5 + v.length;
  const out = new Uint8Array(total);
  out.set(HEADER);
  let at = HEADER.length;
  let crc = 0;
  let size = 0;
  for (let i = 0; i < t.compressed.length; i++) {
    out.set(t.compressed[i]!, at);
    at += t.compressed[i]!.length;
    crc = crc32(t.plain[i]!, crc);
    size += t.plain[i]!.length;
    const v = valueBytes[i];
    if (!v) continue;
    // A stored block, not final: the header bits byte-aligned, then LEN and its complement.
    out[at++] = 0;
    out[at++] = v.length & 0xff;
    out[at++] = v.length >> 8;
    out[at++] = ~v.length & 0xff;
    out[at++] = (~v.length >> 8) & 0xff;
    out.set(v, at);
    at += v.length;
    crc = crc32(v, crc);
    size += v.length;
  }
  const tail = new DataView(out.buffer, at, 8);
  tail.setUint32(0, crc >>> 0, true);
  tail.setUint32(4, size >>> 0, true);
  return out;
}
