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
  /** The byte length of those texts together. */
  textLength?: number;
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
  const texts = t.bytes ??= t.texts.map((text) => encoder.encode(text));
  t.textLength ??= texts.reduce((sum, b) => sum + b.length, 0);
  // Each value encoded once, however many slots it fills (a page has several scripts and forms).
  const nonceBytes = encoder.encode(nonce);
  const csrfBytes = encoder.encode(csrfToken);
  let total = t.textLength;
  for (const slot of t.slots) total += slot === "nonce" ? nonceBytes.length : csrfBytes.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    out.set(text, at);
    at += text.length;
    const slot = t.slots[i];
    if (slot === undefined) continue;
    const value = slot === "nonce" ? nonceBytes : csrfBytes;
    out.set(value, at);
    at += value.length;
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
