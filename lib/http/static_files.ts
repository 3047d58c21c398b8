import type { Context } from "hono";
import type { AppEnv } from "./app_env.ts";
import { type Coding, pickCoding } from "./compression.ts";

const TYPES: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  ico: "image/x-icon",
  json: "application/json",
  webmanifest: "application/manifest+json",
};

/** Built files that have `.br` and `.gz` twins, written at build (see `precompress`). */
const PRECOMPRESSED = /\.(js|css)$/;
const SUFFIX: Record<Coding, string> = { br: ".br", gzip: ".gz" };

/**
 * Serves `static/`. Built files live under a content-hash folder and never change, so they are
 * cached forever by browsers and in memory here; their scripts and stylesheets go out as the
 * brotli or gzip twin compressed at build, when the browser accepts one.
 */
export function serveStatic(root: URL) {
  const memory = new Map<string, Uint8Array | null>();
  async function readOnce(rel: string, cache: boolean): Promise<Uint8Array | null> {
    const known = memory.get(rel);
    if (known !== undefined) return known;
    const body = await Deno.readFile(new URL(`static/${rel}`, root)).catch(() => null);
    if (cache && memory.size < 1500) memory.set(rel, body);
    return body;
  }
  return async function serveStaticHandler(c: Context<AppEnv>): Promise<Response> {
    const rel = decodeURIComponent(c.req.path.replace(/^\/static\//, ""));
    if (rel.split("/").some((p) => p === ".." || p === "" || p.startsWith("."))) {
      return c.text("Not found", 404);
    }
    const immutable = rel.startsWith("build/") && rel.split("/").length === 3;
    const plain = await readOnce(rel, immutable);
    if (!plain) return c.text("Not found", 404);
    let body = plain;
    if (immutable && PRECOMPRESSED.test(rel)) {
      c.header("Vary", "Accept-Encoding");
      const coding = pickCoding(c.req.header("Accept-Encoding"));
      const packed = coding ? await readOnce(rel + SUFFIX[coding], true) : null;
      if (coding && packed) {
        body = packed;
        c.header("Content-Encoding", coding);
      }
    }
    const ext = rel.split(".").pop() ?? "";
    c.header("Content-Type", TYPES[ext] ?? "application/octet-stream");
    c.header(
      "Cache-Control",
      immutable ? "public, max-age=31536000, immutable" : "public, max-age=3600",
    );
    return c.body(body as Uint8Array<ArrayBuffer>);
  };
}
