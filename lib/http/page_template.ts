import { randomToken } from "../random.ts";
import type { GzipTemplate } from "./spliced_gzip.ts";

/**
 * Pages rendered once and filled in per request. A customer page differs between two visitors
 * only in its CSP nonce and its CSRF token; everything else follows from values the read model
 * keeps until a change (the queue listing, the ticket, the tenant, the locale). So the page is
 * rendered once with a mark where each of the two goes, split there, and each request joins the
 * pieces around its own nonce and token: the same bytes a fresh render would give.
 *
 * The marks are random per process (letters and digits, which no HTML or JSON escaping
 * changes), so no text a tenant or a customer typed can contain one.
 */
export const NONCE_MARK = `n${randomToken(12).replace(/[^A-Za-z0-9]/g, "x")}`;
export const CSRF_MARK = `c${randomToken(12).replace(/[^A-Za-z0-9]/g, "x")}`;

const MARKS = new RegExp(`${NONCE_MARK}|${CSRF_MARK}`, "g");

/** A rendered page cut at its marks: `texts` around `slots`, one more text than slots. */
export interface PageTemplate {
  texts: string[];
  slots: Array<"nonce" | "csrf">;
  /** Its texts as UTF-8, encoded on first use. */
  bytes?: Uint8Array[];
  /** Its texts gzipped once, made on first use (null: cannot be spliced, compress per request). */
  gzip?: GzipTemplate | null;
}

/** Cuts `html` (rendered with `NONCE_MARK` and `CSRF_MARK` as the values) at its marks. */
export function toTemplate(html: string): PageTemplate {
  const texts: string[] = [];
  const slots: PageTemplate["slots"] = [];
  let from = 0;
  for (const m of html.matchAll(MARKS)) {
    texts.push(html.slice(from, m.index));
    slots.push(m[0] === NONCE_MARK ? "nonce" : "csrf");
    from = m.index + m[0].length;
  }
  texts.push(html.slice(from));
  return { texts, slots };
}

const encoder = new TextEncoder();

/**
 * The page of one request as UTF-8 bytes: the template's texts, encoded once, copied around the
 * nonce and token (ASCII). Cheaper than encoding the filled page anew: a home page with ten
 * queues is ~30 KB.
 */
export function fillTemplateBytes(t: PageTemplate, nonce: string, csrfToken: string): Uint8Array {
  t.bytes ??= t.texts.map((text) => encoder.encode(text));
  const values = t.slots.map((slot) => encoder.encode(slot === "nonce" ? nonce : csrfToken));
  let total = 0;
  for (const b of t.bytes) total += b.length;
  for (const v of values) total += v.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (let i = 0; i < t.bytes.length; i++) {
    out.set(t.bytes[i]!, at);
    at += t.bytes[i]!.length;
    const v = values[i];
    if (v) {
      out.set(v, at);
      at += v.length;
    }
  }
  return out;
}

/**
 * Templates by page (e.g. tenant, route, locale), each kept with the inputs it was rendered
 * from: a read whose inputs are the same objects (the read model hands out the same object until
 * a change) gets the template, any other renders again and replaces it.
 */
export interface TemplateCache {
  get(key: string, inputs: readonly unknown[], render: () => string): PageTemplate;
  size(): number;
}

export function createTemplateCache(maxEntries = 10_000): TemplateCache {
  const entries = new Map<string, { inputs: readonly unknown[]; template: PageTemplate }>();
  return {
    get(key, inputs, render) {
      const hit = entries.get(key);
      if (hit && sameInputs(hit.inputs, inputs)) return hit.template;
      const template = toTemplate(render());
      if (!hit && entries.size >= maxEntries) entries.clear();
      entries.set(key, { inputs, template });
      return template;
    },
    size: () => entries.size,
  };
}

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
