import http from "node:http";
import { scratchDatabase, TEST_DATABASE_URL } from "./test_app.ts";

const ROOT = new URL("../../", import.meta.url);
const START_TIMEOUT_MS = 120_000;

/** The production entry (`main.ts`) running as a child process on loopback. */
export interface AppProcess {
  port: number;
  /** The local KV file the process uses: another process may open it too. */
  kvPath: string;
  child: Deno.ChildProcess;
  /** What the process printed so far, stdout and stderr, for failure messages. */
  output(): string;
  /** Its exit status, or null if it is still running after `timeoutMs`. */
  exited(timeoutMs: number): Promise<Deno.CommandStatus | null>;
  /** Kills the process if it still runs, then removes its files and database (unless kept). */
  close(options?: { keepData?: boolean }): Promise<void>;
  /** Its data folder and scratch database, for a restart on the same data. */
  dir: string;
  scratch: Awaited<ReturnType<typeof scratchDatabase>> | null;
}

/**
 * Starts `deno run main.ts` on a free port with a fresh database (PGlite in a temporary
 * directory, or a scratch database on TEST_DATABASE_URL) and KV file, seeded with the demo
 * tenants, and waits until it listens.
 */
export async function startAppProcess(
  env: Record<string, string> = {},
  options: { restartOf?: AppProcess } = {},
): Promise<AppProcess> {
  const dir = options.restartOf?.dir ?? await Deno.makeTempDir({ prefix: "qms_app_" });
  const scratch = options.restartOf
    ? options.restartOf.scratch
    : TEST_DATABASE_URL
    ? await scratchDatabase()
    : null;
  const kvPath = `${dir}/kv.sqlite3`;
  const passed = ["PATH", "HOME", "DENO_DIR", "TMPDIR", "XDG_CACHE_HOME"].flatMap((name) => {
    const value = Deno.env.get(name);
    return value === undefined ? [] : [[name, value] as const];
  });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "-A", "main.ts"],
    cwd: ROOT,
    clearEnv: true,
    env: {
      ...Object.fromEntries(passed),
      PORT: "0",
      HOSTNAME: "127.0.0.1",
      PGLITE_DIR: `${dir}/pglite`,
      KV_PATH: kvPath,
      LOG_LEVEL: "info",
      SEED_DEMO: "true",
      BCRYPT_ROUNDS: "4",
      ...(scratch
        ? { DATABASE_URL: scratch.appUrl, DATABASE_MIGRATION_URL: scratch.ownerUrl }
        : {}),
      ...env,
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();

  let output = "";
  let announcePort: (port: number) => void = () => {};
  const listening = new Promise<number>((resolve) => announcePort = resolve);
  async function collect(stream: ReadableStream<Uint8Array<ArrayBuffer>>) {
    for await (const text of stream.pipeThrough(new TextDecoderStream())) {
      output += text;
      const port = output.match(/is listening on port (\d+)/)?.[1];
      if (port) announcePort(Number(port));
    }
  }
  const collected = Promise.all([collect(child.stdout), collect(child.stderr)]);
  const status = child.status;

  async function exited(timeoutMs: number): Promise<Deno.CommandStatus | null> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<null>((resolve) => timer = setTimeout(() => resolve(null), timeoutMs));
    try {
      return await Promise.race([status, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function close(closeOptions: { keepData?: boolean } = {}) {
    if (await exited(0) === null) child.kill("SIGKILL");
    await status;
    await collected;
    if (closeOptions.keepData) return;
    await scratch?.drop();
    await Deno.remove(dir, { recursive: true });
  }

  const port = await Promise.race([
    listening,
    status.then((s) => {
      throw new Error(`The app exited with ${s.code} before listening:\n${output}`);
    }),
    new Promise<never>((_resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`The app did not listen within ${START_TIMEOUT_MS} ms`)),
        START_TIMEOUT_MS,
      );
      status.finally(() => clearTimeout(timer));
      listening.then(() => clearTimeout(timer));
    }),
  ]).catch(async (err) => {
    await close();
    throw err;
  });
  return { port, kvPath, dir, scratch, child, output: () => output, exited, close };
}

export interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A request over loopback with the `Host` header a tenant's URL would carry, which `fetch`
 * cannot send (it drops a Host header, and `demo.localhost` does not resolve on every machine).
 */
export function hostRequest(
  port: number,
  host: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; json?: unknown } = {},
): Promise<HttpReply> {
  const body = init.json === undefined ? undefined : JSON.stringify(init.json);
  const headers = {
    host: `${host}:${port}`,
    ...(body === undefined ? {} : { "content-type": "application/json" }),
    ...init.headers,
  };
  return new Promise((resolve, reject) => {
    const req = http.request(
      { hostname: "127.0.0.1", port, path, method: init.method ?? "GET", headers },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => text += chunk);
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The cookies a response sets, as a `cookie` request header. */
export function cookiesOf(reply: HttpReply): string {
  return (reply.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
}

/**
 * Opens a streamed GET over loopback with a tenant's `Host`. The body closes when the server
 * ends the response cleanly and errors when the connection breaks first.
 */
export function hostStream(
  port: number,
  host: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: ReadableStream<Uint8Array<ArrayBuffer>> }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { hostname: "127.0.0.1", port, path, headers: { host: `${host}:${port}`, ...headers } },
      (res) => {
        const body = new ReadableStream<Uint8Array<ArrayBuffer>>({
          start(controller) {
            res.on("data", (chunk: Uint8Array) => controller.enqueue(new Uint8Array(chunk)));
            res.on("end", () => controller.close());
            res.on("error", (err) => controller.error(err));
            res.on("aborted", () => controller.error(new Error("The connection broke")));
          },
          cancel() {
            req.destroy();
          },
        });
        resolve({ status: res.statusCode!, body });
      },
    );
    req.on("error", reject);
    req.end();
  });
}
