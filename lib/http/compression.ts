import type { Context, MiddlewareHandler } from "hono";
import { brotliCompress, constants, gzip } from "node:zlib";
import { promisify } from "node:util";
import type { AppEnv } from "./app_env.ts";
import { recentSharedText, type SharedText } from "../shared_text.ts";

/** A content coding the app sends, best first. */
export type Coding = "br" | "gzip";

/** Below this a compressed body saves less than the header costs. */
const MIN_BYTES = 512;
/**
 * Brotli quality for bodies compressed per request: 4 is within ~6% of quality 6 on our pages
 * at about a third of the time (0.2 ms for a 10 KB page); built assets get 11 once, at build.
 */
const DYNAMIC_BROTLI_QUALITY = 4;

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Content types worth compressing. Event streams are not among them: a compressor buffers, and
 * an update must leave the moment it is written.
 */
const COMPRESSIBLE =
  /^(text\/(html|css|javascript|plain)|application\/(json|javascript|manifest\+json)|image\/svg\+xml)(;|$)/i;

/** The weight (q) `Accept-Encoding` gives each coding: by name, else `*`, else 0. */
function codingWeights(acceptEncoding: string): (coding: Coding) => number {
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const wildcard = q.get("*");
  return (c: Coding) => q.get(c) ?? wildcard ?? 0;
}

/**
 * The coding to answer `Accept-Encoding` with: brotli, else gzip, else none. Honours `q=0`
 * (refused) and `*`.
 */
export function pickCoding(acceptEncoding: string | null | undefined): Coding | null {
  if (!acceptEncoding) return null;
  const weight = codingWeights(acceptEncoding);
  const br = weight("br");
  const gz = weight("gzip");
  if (br > 0 && br >= gz) return "br";
  if (gz > 0) return "gzip";
  return null;
}

const codingByHeader = new Map<string, Coding | null>();

/**
 * `pickCoding` of a request's header, remembered: browsers send a handful of distinct values,
 * and parsing one on every response is a measurable part of a small read.
 */
function codingOf(acceptEncoding: string | undefined): Coding | null {
  if (!acceptEncoding) return null;
  let coding = codingByHeader.get(acceptEncoding);
  if (coding === undefined) {
    coding = pickCoding(acceptEncoding);
    if (codingByHeader.size >= 256) codingByHeader.clear();
    codingByHeader.set(acceptEncoding, coding);
  }
  return coding;
}

/** Whether `Accept-Encoding` accepts gzip (every browser does), whatever it prefers. */
export function acceptsGzip(acceptEncoding: string | null | undefined): boolean {
  return !!acceptEncoding && codingWeights(acceptEncoding)("gzip") > 0;
}

/** Compresses `bytes` with `coding` (brotli at the per-request quality). */
export async function compressBytes(bytes: Uint8Array, coding: Coding): Promise<Uint8Array> {
  const out = coding === "br"
    ? await brotliAsync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: DYNAMIC_BROTLI_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    })
    : await gzipAsync(bytes, { level: 6 });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

const JSON_TYPE = /^application\/json(;|$)/i;
const SHARED_JSON_MAX_BYTES = 4 * 1024;
const decoder = new TextDecoder();

/**
 * A small JSON body compressed once for every response that sends the same text, through the
 * same per-text cache as `sendShared` (`recentSharedText`): a JSON answer read again and again
 * unchanged is compressed once.
 */
async function compressSharedJson(plain: Uint8Array, coding: Coding): Promise<Uint8Array> {
  const shared = recentSharedText(decoder.decode(plain));
  return await compressedOnce(shared, plain, coding) ?? await compressBytes(plain, coding);
}

const encoder = new TextEncoder();

/**
 * A 200 answer with a text many requests share (`SharedText`), compressed as the request
 * accepts: each coding is made once per text, so a ticket polled a thousand times between two
 * changes of its queue is encoded and compressed once. The compression middleware leaves the
 * answer as it is. A `Vary` the route gives goes in `headers` (in any case): one set earlier with
 * `c.header` is replaced.
 */
export async function sendShared<E extends AppEnv>(
  c: Context<E>,
  body: SharedText,
  contentType: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  const fields: Record<string, string> = {};
  let vary: string | null = null;
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === "vary") vary = vary ? `${vary}, ${value}` : value;
    else fields[name] = value;
  }
  fields["Content-Type"] = contentType;
  fields["Vary"] = varyWithEncoding(vary);
  const { bytes, coding } = await sharedBytes(body, c.req.header("Accept-Encoding"));
  if (coding) fields["Content-Encoding"] = coding;
  fields["Content-Length"] = String(bytes.byteLength);
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, fields);
}

/**
 * What to send of a shared text to a request with this `Accept-Encoding`: its bytes compressed
 * once for all readers (`coding` set), or as they are when small, not accepted, or not compressible.
 */
export async function sharedBytes(
  body: SharedText,
  acceptEncoding: string | null | undefined,
): Promise<{ bytes: Uint8Array; coding: Coding | null }> {
  const bytes = body.bytes ??= encoder.encode(body.text);
  const coding = bytes.byteLength < MIN_BYTES ? null : codingOf(acceptEncoding ?? undefined);
  const out = coding ? await compressedOnce(body, bytes, coding) : null;
  return out ? { bytes: out, coding } : { bytes, coding: null };
}

/** `body` compressed with `coding`, made once for all its readers; null when that failed. */
async function compressedOnce(
  body: SharedText,
  bytes: Uint8Array,
  coding: Coding,
): Promise<Uint8Array | null> {
  body.coded ??= new Map();
  let coded = body.coded.get(coding);
  if (!coded) {
    coded = compressBytes(bytes, coding);
    body.coded.set(coding, coded);
  }
  try {
    return await coded;
  } catch {
    // Not kept: the next request tries again; this one is answered uncompressed.
    if (body.coded.get(coding) === coded) body.coded.delete(coding);
    return null;
  }
}

/** A `Vary` header's value with `Accept-Encoding` in it once. */
export function varyWithEncoding(vary: string | null): string {
  if (!vary) return "Accept-Encoding";
  return /(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary) ? vary : `${vary}, Accept-Encoding`;
}

/** Adds `Accept-Encoding` to a response's `Vary` header once. */
export function varyOnEncoding(headers: Headers) {
  headers.set("Vary", varyWithEncoding(headers.get("Vary")));
}

/**
 * Compresses HTML, JSON, CSS and JS responses with brotli or gzip, as the request's
 * `Accept-Encoding` allows, and marks them `Vary: Accept-Encoding`. Leaves alone event streams,
 * bodies already encoded (the built assets, compressed at build), `no-transform` responses, HEAD,
 * and bodies too small to gain.
 */
export function compressResponses(): MiddlewareHandler<AppEnv> {
  return async function compressionMiddleware(c, next) {
    await next();
    const res = c.res;
    const type = res.headers.get("Content-Type") ?? "";
    // Not `res.body`: reading it turns a string body into a stream, which Deno then sends more
    // slowly (an uncompressed answer would pay for it on every request).
    if (res.status === 204 || res.status === 304 || !COMPRESSIBLE.test(type)) return;
    varyOnEncoding(res.headers);
    if (res.headers.has("Content-Encoding")) return;
    if (/no-transform/i.test(res.headers.get("Cache-Control") ?? "")) return;
    if (c.req.method === "HEAD") return;
    const coding = codingOf(c.req.header("Accept-Encoding"));
    if (!coding) return;
    const declared = Number(res.headers.get("Content-Length") ?? NaN);
    if (declared < MIN_BYTES) return;
    const plain = new Uint8Array(await res.arrayBuffer());
    const headers = new Headers(res.headers);
    let body: Uint8Array = plain;
    if (plain.byteLength >= MIN_BYTES) {
      body = JSON_TYPE.test(type) && plain.byteLength <= SHARED_JSON_MAX_BYTES
        ? await compressSharedJson(plain, coding)
        : await compressBytes(plain, coding);
      headers.set("Content-Encoding", coding);
      headers.set("Content-Length", String(body.byteLength));
      const etag = headers.get("ETag");
      if (etag && !etag.startsWith("W/")) headers.set("ETag", `W/${etag}`);
    }
    // Cleared first: Hono merges a replaced response's headers into the new one.
    c.res = undefined;
    c.res = new Response(body as Uint8Array<ArrayBuffer>, {
      status: res.status,
      statusText: res.statusText,
      headers,
    });
  };
}
