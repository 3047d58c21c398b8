import assert from "node:assert/strict";
import { classifyHost } from "./host.ts";

Deno.test("classifyHost() reads the tenant slug from a subdomain", () => {
  assert.deepEqual(classifyHost("demo.localhost", "localhost"), {
    kind: "subdomain",
    slug: "demo",
  });
  assert.deepEqual(classifyHost("Cafe.StoreHubQMS.com.", "storehubqms.com"), {
    kind: "subdomain",
    slug: "cafe",
  });
});

Deno.test("classifyHost() sends admin to the back office and the apex to the apex", () => {
  assert.deepEqual(classifyHost("admin.localhost", "localhost"), { kind: "backoffice" });
  assert.deepEqual(classifyHost("localhost", "localhost"), { kind: "apex" });
  assert.deepEqual(classifyHost("www.storehubqms.com", "storehubqms.com"), { kind: "apex" });
});

Deno.test("classifyHost() treats any other host as a custom domain", () => {
  assert.deepEqual(classifyHost("queue.myburgers.com", "storehubqms.com"), {
    kind: "domain",
    domain: "queue.myburgers.com",
  });
  assert.deepEqual(classifyHost("a.b.localhost", "localhost"), {
    kind: "domain",
    domain: "a.b.localhost",
  });
});
