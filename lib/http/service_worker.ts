import type { Context } from "hono";
import type { AppEnv } from "./app_env.ts";

/**
 * `GET /sw.js`: the service worker (static/sw.js) at the site's root, so its scope is the whole
 * site. Browsers check it for updates on navigation; `no-cache` makes that check reach us.
 */
export function serveServiceWorker(root: URL) {
  let body: Uint8Array | undefined;
  return async function serviceWorkerHandler(c: Context<AppEnv>): Promise<Response> {
    body ??= await Deno.readFile(new URL("static/sw.js", root));
    c.header("Content-Type", "text/javascript; charset=utf-8");
    c.header("Cache-Control", "no-cache");
    c.header("Service-Worker-Allowed", "/");
    return c.body(body as Uint8Array<ArrayBuffer>);
  };
}
