/**
 * The app as production runs it: `deno run -A main.ts` in its own process, on loopback, with
 * requests that carry a tenant `Host` header (fetch would drop it) and see every header.
 */
import http from "node:http";
import { type Child, freePort, spawnDeno, stop, waitForLine } from "../../bench/proc.ts";

const ROOT = new URL("../../", import.meta.url);

export interface AppProcess {
  port: number;
  child: Child;
  /** SIGTERM, then SIGKILL after a grace period; removes the KV directory. */
  stop(): Promise<void>;
}

export interface HostResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Starts main.ts with `env` (PORT, HOSTNAME and a throwaway KV_PATH are filled in). */
export async function startAppProcess(env: Record<string, string>): Promise<AppProcess> {
  const port = freePort();
  const dir = await Deno.makeTempDir({ prefix: "qms-proc-" });
  const child = spawnDeno("the app", ROOT, ["run", "--quiet", "-A", "main.ts"], {
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    KV_PATH: `${dir}/kv.sqlite3`,
    KV_URL: "",
    ...env,
  });
  const stopIt = async () => {
    await stop(child);
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  try {
    await waitForLine(child, /StoreHub QMS is listening on port/, 120_000);
  } catch (err) {
    await stopIt();
    throw err;
  }
  return { port, child, stop: stopIt };
}

/** One HTTP/1.1 request to 127.0.0.1:port as `host`; rejects on a transport error (a reset). */
export function hostRequest(
  port: number,
  host: string,
  method: string,
  path: string,
  json?: unknown,
): Promise<HostResponse> {
  const body = json === undefined ? undefined : JSON.stringify(json);
  const headers: Record<string, string> = { host, accept: "text/html" };
  if (body !== undefined) headers["content-type"] = "application/json";
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, method, path, headers, agent: false },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => text += d);
        res.on(
          "end",
          () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
