import assert from "node:assert/strict";
import { clientIp } from "./client_ip.ts";

Deno.test("clientIp() ignores X-Forwarded-For unless the proxy is trusted", () => {
  assert.equal(clientIp({ hostname: "10.0.0.5" }, "203.0.113.9", false), "10.0.0.5");
  assert.equal(clientIp({ hostname: "10.0.0.5" }, "203.0.113.9, 10.0.0.1", true), "203.0.113.9");
  assert.equal(clientIp(undefined, undefined, true), "unknown");
});
