import assert from "node:assert/strict";
import { clientIp } from "./client_ip.ts";

const ONE_PROXY = { trust: true, hops: 1 };

Deno.test("clientIp() ignores X-Forwarded-For unless the proxy is trusted", () => {
  const untrusted = { trust: false, hops: 1 };
  assert.equal(clientIp({ hostname: "10.0.0.5" }, "203.0.113.9", untrusted), "10.0.0.5");
  assert.equal(clientIp(undefined, undefined, ONE_PROXY), "unknown");
  assert.equal(clientIp({ hostname: "10.0.0.5" }, undefined, ONE_PROXY), "10.0.0.5");
  assert.equal(clientIp({ hostname: "10.0.0.5" }, " , ", ONE_PROXY), "10.0.0.5");
});

Deno.test("clientIp() takes the address the nearest proxy saw, not what the client wrote", () => {
  // The client sent "X-Forwarded-For: 1.2.3.4"; our proxy appended the address it saw.
  assert.equal(
    clientIp({ hostname: "10.0.0.1" }, "1.2.3.4, 203.0.113.9", ONE_PROXY),
    "203.0.113.9",
  );
  assert.equal(clientIp({ hostname: "10.0.0.1" }, "203.0.113.9", ONE_PROXY), "203.0.113.9");
});

Deno.test("clientIp() counts TRUST_PROXY_HOPS entries from the right", () => {
  const xff = "1.2.3.4, 203.0.113.9, 10.0.0.2";
  assert.equal(clientIp({ hostname: "10.0.0.1" }, xff, { trust: true, hops: 2 }), "203.0.113.9");
  assert.equal(clientIp({ hostname: "10.0.0.1" }, xff, { trust: true, hops: 3 }), "1.2.3.4");
  assert.equal(
    clientIp({ hostname: "10.0.0.1" }, "203.0.113.9", { trust: true, hops: 2 }),
    "203.0.113.9",
    "fewer entries than hops: the leftmost",
  );
});
