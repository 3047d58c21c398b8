/**
 * Child processes and loopback HTTP for `deno task bench`: start a server, wait for its
 * "listening" line, keep its output, stop it (SIGTERM, then SIGKILL), and plain requests
 * that carry a `Host` header (fetch would drop it).
 */
import http from "node:http";

export interface Child {
  name: string;
  process: Deno.ChildProcess;
  /** Every line it printed on stdout or stderr, in order. */
  lines: string[];
  exited: boolean;
  /** Resolves once it exited and all its output was read into `lines`. */
  done: Promise<Deno.CommandStatus>;
}

const children = new Set<Child>();
const decoder = new TextDecoder();

async function collect(stream: ReadableStream<Uint8Array>, child: Child) {
  let rest = "";
  for await (const chunk of stream) {
    const parts = (rest + decoder.decode(chunk, { stream: true })).split("\n");
    rest = parts.pop() ?? "";
    child.lines.push(...parts);
  }
  if (rest) child.lines.push(rest);
}

/** Starts `deno <args>` in `cwd`, with `env` added to this process's environment. */
export function spawnDeno(
  name: string,
  cwd: URL,
  args: string[],
  env: Record<string, string>,
): Child {
  const process = new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const child = { name, process, lines: [] as string[], exited: false } as Child;
  children.add(child);
  const read = Promise.all([collect(process.stdout, child), collect(process.stderr, child)]);
  process.status.then(() => child.exited = true);
  child.done = read.then(() => process.status);
  return child;
}

/** Resolves once a line matches `ready`; throws (with the output) on exit or timeout. */
export async function waitForLine(child: Child, ready: RegExp, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!child.lines.some((l) => ready.test(l))) {
    if (child.exited || Date.now() > deadline) {
      const why = child.exited ? "exited" : `was not ready after ${timeoutMs / 1000} s`;
      throw new Error(`${child.name} ${why}. Its output:\n${child.lines.join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Stops one child: SIGTERM, and SIGKILL if it is still there after `graceMs`. */
export async function stop(child: Child, graceMs = 5000) {
  children.delete(child);
  if (child.exited) return;
  try {
    child.process.kill("SIGTERM");
  } catch { /* already gone */ }
  const timer = setTimeout(() => {
    try {
      child.process.kill("SIGKILL");
    } catch { /* already gone */ }
  }, graceMs);
  await child.process.status;
  clearTimeout(timer);
}

/** Stops every child still running. */
export async function stopAll() {
  await Promise.all([...children].map((c) => stop(c)));
}

/** A free loopback port (free when asked; the servers bind it a moment later). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** One HTTP/1.1 request to 127.0.0.1:port with the given `Host` header. */
export function request(
  port: number,
  host: string,
  method: string,
  path: string,
  json?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const body = json === undefined ? undefined : JSON.stringify(json);
  const headers: Record<string, string> = { host, ...extraHeaders };
  if (body !== undefined) headers["content-type"] = "application/json";
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => text += d);
      res.on(
        "end",
        () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** One GET's status, body as bytes and headers (those a server sets itself left out). */
export function captureResponse(
  port: number,
  host: string,
  path: string,
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; body: Uint8Array; headers: Array<[string, string]> }> {
  const own = new Set(["content-length", "transfer-encoding", "connection", "date", "keep-alive"]);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, method: "GET", path, headers: { host, ...extraHeaders } },
      (res) => {
        const chunks: Uint8Array[] = [];
        res.on("data", (d: Uint8Array) => chunks.push(d));
        res.on("end", () => {
          const headers: Array<[string, string]> = [];
          for (const [name, value] of Object.entries(res.headers)) {
            if (own.has(name) || value === undefined) continue;
            for (const v of Array.isArray(value) ? value : [value]) headers.push([name, v]);
          }
          const body = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
          let at = 0;
          for (const c of chunks) {
            body.set(c, at);
            at += c.length;
          }
          resolve({ status: res.statusCode ?? 0, body, headers });
        });
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** The first `data:` of an event stream (e.g. a board's snapshot), then the stream is closed. */
export function firstEventData(
  port: number,
  host: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, method: "GET", path, headers: { host, ...headers } },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`${path} gave ${res.statusCode}`));
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => {
          text += d;
          const start = text.indexOf("\ndata: ");
          const end = start >= 0 ? text.indexOf("\n", start + 7) : -1;
          if (end < 0) return;
          req.destroy();
          resolve(JSON.parse(text.slice(start + 7, end)));
        });
      },
    );
    req.on("error", reject);
    req.end();
  });
}
