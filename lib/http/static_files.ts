import type { Context } from "hono";
import type { AppEnv } from "./app_env.ts";

const TYPES: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  ico: "image/x-icon",
  json: "application/json",
  webmanifest: "application/manifest+json",
};

/**
 * Serves `static/`. Built files live under a content-hash folder and never change, so they are
 * cached forever by browsers and in memory here.
 */
export function serveStatic(root: URL) {
  const memory = new Map<string, Uint8Array>();
  return async function serveStaticHandler(c: Context<AppEnv>): Promise<Response> {
    const rel = decodeURIComponent(c.req.path.replace(/^\/static\//, ""));
    if (rel.split("/").some((p) => p === ".." || p === "" || p.startsWith("."))) {
      return c.text("Not found", 404);
    }
    const immutable = rel.startsWith("build/") && rel.split("/").length === 3;
    let body = immutable ? memory.get(rel) : undefined;
    if (!body) {
      try {
        body = await Deno.readFile(new URL(`static/${rel}`, root));
      } catch {
        return c.text("Not found", 404);
      }
      if (immutable && memory.size < 500) memory.set(rel, body);
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
