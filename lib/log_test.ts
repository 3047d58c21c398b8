import assert from "node:assert/strict";
import { createLogger, withLogFields } from "./log.ts";

Deno.test("createLogger() adds the request's id and tenant to every line written inside it", async () => {
  const lines: string[] = [];
  const log = createLogger("info", (line) => lines.push(line));
  let tenant: string | undefined;
  await withLogFields(() => ({ requestId: "req-1", tenant }), async () => {
    tenant = "demo"; // resolved later in the request: read when the line is written
    await new Promise((r) => setTimeout(r, 1));
    log("warn", "deep in a handler", { extra: 1 });
  });
  log("info", "outside");
  log("debug", "filtered");
  const [inside, outside] = lines.map((l) => JSON.parse(l));
  assert.equal(lines.length, 2);
  assert.equal(inside.requestId, "req-1");
  assert.equal(inside.tenant, "demo");
  assert.equal(inside.extra, 1);
  assert.equal(outside.requestId, undefined);
});
