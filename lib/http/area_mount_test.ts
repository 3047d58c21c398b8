import assert from "node:assert/strict";
import { Hono, type MiddlewareHandler } from "hono";
import { mountWithMiddleware } from "./area_mount.ts";

function guard(name: string, calls: string[], refuse = false): MiddlewareHandler {
  return async function testGuard(c, next) {
    calls.push(name);
    if (refuse) return c.text(`refused by ${name}`, 401);
    await next();
  };
}

Deno.test("mountWithMiddleware() guards only the module's own routes, outer guard first", async () => {
  const calls: string[] = [];
  const staff = new Hono();
  staff.post("/:id/call-next", (c) => c.text("called"));
  const customers = new Hono();
  customers.post("/:id/join", (c) => c.text("joined"));
  const app = new Hono();
  app.route(
    "/q",
    mountWithMiddleware(staff, [guard("tenant", calls), guard("staff", calls, true)]),
  );
  app.route("/q", mountWithMiddleware(customers, [guard("tenant", calls)]));

  const refused = await app.request("/q/1/call-next", { method: "POST" });
  assert.equal(refused.status, 401);
  assert.equal(await refused.text(), "refused by staff");
  assert.deepEqual(calls.splice(0), ["tenant", "staff"]);

  // The staff group's guard never sees a customer's request beside it.
  const joined = await app.request("/q/1/join", { method: "POST" });
  assert.equal(joined.status, 200);
  assert.equal(await joined.text(), "joined");
  assert.deepEqual(calls.splice(0), ["tenant"]);
});

Deno.test("mountWithMiddleware() runs the chain once for a route with its own middleware", async () => {
  const calls: string[] = [];
  const mod = new Hono();
  mod.post("/login", async (_c, next) => {
    calls.push("limit");
    await next();
  }, (c) => c.text("in"));
  const app = new Hono();
  app.route("/auth", mountWithMiddleware(mod, [guard("tenant", calls)]));
  const res = await app.request("/auth/login", { method: "POST" });
  assert.equal(await res.text(), "in");
  assert.deepEqual(calls, ["tenant", "limit"]);
});
