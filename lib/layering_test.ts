/**
 * The two seams of issue 7, kept: domain modules (all of lib/ but lib/http/, lib/app.tsx and
 * lib/boot.ts) import nothing from lib/http/, and no route imports the realtime publisher, a
 * mailer or a notification channel (routes record events; outbox handlers deliver).
 */
import assert from "node:assert/strict";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g;

/** Every relative import of every module under `folder`, as paths from the project root. */
async function importArrows(folder: string): Promise<{ from: string; to: string }[]> {
  const arrows: { from: string; to: string }[] = [];
  for await (const path of modules(join(ROOT, folder))) {
    const source = await Deno.readTextFile(path);
    for (const [, specifier] of source.matchAll(SPECIFIER)) {
      if (!specifier!.startsWith(".")) continue;
      arrows.push({
        from: relative(ROOT, path),
        to: relative(ROOT, resolve(dirname(path), specifier!)),
      });
    }
  }
  return arrows;
}

async function* modules(folder: string): AsyncGenerator<string> {
  for await (const item of Deno.readDir(folder)) {
    const path = join(folder, item.name);
    if (item.isDirectory) yield* modules(path);
    else if (/\.tsx?$/.test(item.name)) yield path;
  }
}

const EDGE = ["lib/http/", "lib/app.tsx", "lib/boot.ts"];

Deno.test("no domain module imports from lib/http/", async () => {
  const arrows = await importArrows("lib");
  assert.ok(arrows.length > 100, `only ${arrows.length} imports read: the walk missed lib/`);
  const domain = arrows.filter((a) => !EDGE.some((edge) => a.from.startsWith(edge)));
  assert.ok(domain.some((a) => a.to.startsWith("lib/db/")), "no domain import read at all");
  assert.deepEqual(domain.filter((a) => a.to.startsWith("lib/http/")), []);
});

const DELIVERY = [
  "lib/realtime/publish.ts",
  "lib/events/realtime.ts",
  "lib/mail/",
  "lib/notify/channel.ts",
  "lib/notify/channels.ts",
  "lib/notify/email_channel.ts",
  "lib/notify/push_channel.ts",
  "lib/notify/http_send.ts",
  "lib/notify/service.ts",
];

Deno.test("no route imports the realtime publisher, a mailer or a channel", async () => {
  const arrows = await importArrows("routes");
  assert.ok(arrows.some((a) => a.to.startsWith("lib/queue/")), "no route import read at all");
  assert.deepEqual(arrows.filter((a) => DELIVERY.some((d) => a.to.startsWith(d))), []);
});

Deno.test("handlers and middleware read request variables with c.get(), not c.var", async () => {
  // Hono's `c.var` copies every variable of the request into a new object on each access
  // (~4.5% of a status read's CPU when it was used throughout).
  const self = fileURLToPath(import.meta.url);
  const found: string[] = [];
  let read = 0;
  for (const folder of ["lib", "routes", "components", "islands"]) {
    for await (const path of modules(join(ROOT, folder))) {
      read++;
      if (path === self) continue;
      const source = await Deno.readTextFile(path);
      for (const [n, line] of source.split("\n").entries()) {
        if (/\bc\.var\b/.test(line)) found.push(`${relative(ROOT, path)}:${n + 1}`);
      }
    }
  }
  assert.ok(read > 300, `only ${read} modules read: the walk missed a folder`);
  assert.deepEqual(found, []);
});
