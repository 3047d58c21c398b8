// deno-lint-ignore-file no-console
/**
 * `deno task bench:pages`: the bytes each customer page costs on the wire (HTML as the server
 * compresses it, the stylesheet and the island scripts as built and precompressed), against the
 * budgets (HTML + CSS ≤ 14 KB, one TCP initial window; island JS ≤ 12 KB), then Lighthouse's
 * mobile performance score of the home and status pages (Debian's Chromium, `npm:lighthouse`) and
 * their blocking time at a quarter of the CPU (`blocking_time.ts`).
 * `BENCH_NO_LIGHTHOUSE=1` skips Lighthouse. Exits 1 when a budget is exceeded.
 */
import http from "node:http";
import { Buffer } from "node:buffer";
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync } from "node:zlib";
import { freePort, request, spawnDeno, stopAll, waitForLine } from "./proc.ts";
import { runLighthouse } from "./lighthouse.ts";
import { blockingTime } from "./blocking_time.ts";

const ROOT = new URL("../", import.meta.url);
const HTML_CSS_BUDGET = 14 * 1024;
const JS_BUDGET = 12 * 1024;

/** A response body as sent to a browser accepting brotli and gzip: its bytes, and decoded. */
function wireBytes(port: number, host: string, path: string) {
  return new Promise<{ status: number; coding: string | null; wire: number; plain: Uint8Array }>(
    (resolve, reject) => {
      const headers = { host, "accept-encoding": "br, gzip" };
      const req = http.request({ host: "127.0.0.1", port, path, headers }, (res) => {
        const chunks: Uint8Array[] = [];
        res.on("data", (d: Uint8Array) => chunks.push(d));
        res.on("end", () => {
          const wire = Buffer.concat(chunks);
          const coding = (res.headers["content-encoding"] as string | undefined) ?? null;
          const plain = coding === "br"
            ? brotliDecompressSync(wire)
            : coding === "gzip"
            ? gunzipSync(wire)
            : wire;
          resolve({ status: res.statusCode ?? 0, coding, wire: wire.byteLength, plain });
        });
      });
      req.on("error", reject);
      req.end();
    },
  );
}

/**
 * The built files a page's islands load: its module script (`boot.js`, or a page bundle), each
 * island's module `boot.js` imports for the page and their imports.
 */
async function islandFiles(html: string, buildDir: URL): Promise<string[]> {
  const entry = html.match(/<script type="module" src="\/static\/build\/[0-9a-f]+\/([^"]+)"/)
    ?.[1];
  if (!entry) return [];
  const files = new Set<string>();
  const visit = async (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = await Deno.readTextFile(new URL(file, buildDir));
    for (const m of text.matchAll(/from"\.\/([^"]+)"/g)) await visit(m[1]!);
  };
  await visit(entry);
  if (entry !== "boot.js") return [...files];
  const boot = await Deno.readTextFile(new URL("boot.js", buildDir));
  const islands = [...new Set([...html.matchAll(/data-island="([A-Za-z]+)"/g)].map((m) => m[1]!))];
  for (const island of islands) {
    // Whole names: "QueueStatus" must not match the end of "PublicQueueStatus".
    const file = boot.match(
      new RegExp(`(?<![A-Za-z])${island}:\\(\\)=>import\\("\\./([^"]+)"\\)`),
    )?.[1];
    if (file) await visit(file);
  }
  return [...files];
}

async function brBytes(file: URL): Promise<number> {
  const packed = await Deno.stat(new URL(`${file.href}.br`)).catch(() => null);
  if (packed) return packed.size;
  const bytes = await Deno.readFile(file);
  return brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
}

async function main() {
  const dataDir = await Deno.makeTempDir({ prefix: "qms_pages_" });
  const port = freePort();
  const app = spawnDeno("the app", ROOT, ["run", "--quiet", "-A", "main.ts"], {
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    PGLITE_DIR: `${dataDir}/pglite`,
    KV_PATH: `${dataDir}/kv.sqlite3`,
    LOG_LEVEL: "warn",
    SEED_DEMO: "true",
    DATABASE_URL: Deno.env.get("BENCH_DATABASE_URL") ?? "",
    DATABASE_MIGRATION_URL: Deno.env.get("BENCH_DATABASE_MIGRATION_URL") ?? "",
  });
  let failed = false;
  try {
    await waitForLine(app, /StoreHub QMS is listening on port/, 120_000);
    const host = `demo.localhost:${port}`;
    const home = await request(port, host, "GET", "/");
    // The join form names its queue in a field (as bench/bench_setup.ts reads it).
    const queueId = home.body.match(/name="queueId" value="([0-9a-f-]{36})"/)?.[1];
    if (!queueId) throw new Error(`GET / gave ${home.status} without a join form`);
    const joined = await request(port, host, "POST", `/api/queues/${queueId}/join`, {
      customerName: "Pages",
      customerPhone: "0123456789",
      partySize: 2,
    });
    const sessionId = JSON.parse(joined.body).entry.sessionId as string;
    const manifest = JSON.parse(
      await Deno.readTextFile(new URL("static/build/manifest.json", ROOT)),
    );
    const cssUrl = new URL(`.${manifest.css}`, ROOT);
    const buildDir = new URL("./", cssUrl);
    const cssWire = (await wireBytes(port, host, manifest.css)).wire;
    const pages = [
      ["home", "/"],
      ["status", `/queue/status/${sessionId}`],
      ["recover", "/queue/recover"],
      ["staff login", "/dashboard/login"],
    ] as const;
    const over: string[] = [];
    const rows = [["page", "HTML plain", "HTML wire", "CSS wire", "HTML+CSS", "island JS", "ok"]];
    for (const [name, path] of pages) {
      const page = await wireBytes(port, host, path);
      if (page.status !== 200) throw new Error(`${path} answered ${page.status}`);
      const html = new TextDecoder().decode(page.plain);
      let js = 0;
      const loaded: string[] = [];
      for (const file of await islandFiles(html, buildDir)) {
        const size = await brBytes(new URL(file, buildDir));
        js += size;
        loaded.push(`${file} ${size}`);
      }
      const total = page.wire + cssWire;
      const ok = total <= HTML_CSS_BUDGET && js <= JS_BUDGET;
      failed ||= !ok;
      if (js > JS_BUDGET) over.push(`${name}'s island JS (brotli bytes): ${loaded.join(", ")}`);
      rows.push([
        name,
        String(page.plain.byteLength),
        `${page.wire} (${page.coding ?? "plain"})`,
        String(cssWire),
        String(total),
        String(js),
        ok ? "yes" : "OVER",
      ]);
    }
    printRows(rows);
    for (const line of over) console.log(line);
    console.log(
      `budgets: HTML + CSS ≤ ${HTML_CSS_BUDGET} bytes, island JS ≤ ${JS_BUDGET} bytes (brotli)`,
    );
    if (Deno.env.get("BENCH_NO_LIGHTHOUSE") !== "1") {
      console.log("\nLighthouse, mobile, performance (one run each):");
      const measured = [["home", "/"], ["status", `/queue/status/${sessionId}`]] as const;
      for (const [name, path] of measured) {
        const result = await runLighthouse(`http://demo.localhost:${port}${path}`);
        console.log(`  ${name.padEnd(7)} ${result.summary}`);
      }
      console.log("Blocking time at a quarter of this CPU (long tasks past 50 ms, 10 loads):");
      for (const [name, path] of measured) {
        const t = await blockingTime(`http://demo.localhost:${port}${path}`);
        console.log(`  ${name.padEnd(7)} median ${t.median} ms (${t.min} to ${t.max})`);
      }
    }
  } finally {
    await stopAll();
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
  if (failed) Deno.exit(1);
}

function printRows(rows: string[][]) {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const [n, row] of rows.entries()) {
    console.log(
      row.map((c, i) => i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)).join(" | "),
    );
    if (n === 0) console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
  }
}

if (import.meta.main) await main();
