import assert from "node:assert/strict";
import { Hono } from "hono";
import { DomainError, notFoundError } from "../errors.ts";
import { asHttpError, mapDomainError } from "./error_map.ts";
import { HttpError } from "./errors.ts";

Deno.test("mapDomainError() gives each code its status, words and headers", () => {
  const full = mapDomainError(new DomainError("queue_full", { queue: "Dinner", capacity: 50 }));
  assert.equal(full.status, 409);
  assert.equal(full.code, "queue_full");
  assert.equal(full.message, "Dinner is full (50 parties); please try again later");

  const hours = mapDomainError(
    new DomainError("outside_hours", { queue: "Lunch", opens: "11:00", closes: "15:00" }),
  );
  assert.equal(hours.message, "Lunch is closed now; it takes customers from 11:00 to 15:00");

  const moved = mapDomainError(
    new DomainError("illegal_transition", {
      ticket: "A001",
      action: "no-show",
      from: "cancelled",
      to: "no_show",
    }),
  );
  assert.equal(moved.status, 409);
  assert.equal(moved.message, "Cannot mark A001 as a no-show: it is cancelled");

  const limit = mapDomainError(
    new DomainError("plan_limit", { limit: "maxQueuesPerMerchant", max: 1 }),
  );
  assert.equal(limit.status, 403);
  assert.match(limit.message, /allows 1 queue per location \(maxQueuesPerMerchant\)/);

  const locked = mapDomainError(
    new DomainError("locked_out", { retryAfter: 42, subject: "account" }),
  );
  assert.equal(locked.status, 429);
  assert.deepEqual(locked.options.headers, { "Retry-After": "42" });

  const missing = mapDomainError(notFoundError("entry"));
  assert.equal(missing.status, 404);
  assert.equal(missing.message, "Queue entry not found");

  const field = mapDomainError(
    new DomainError("invalid_input", { fields: { serviceTypeId: "Choose one" } }),
  );
  assert.equal(field.status, 422);
  assert.deepEqual(field.options.fields, { serviceTypeId: "Choose one" });
});

Deno.test("asHttpError() passes edge errors through and leaves unknown failures alone", () => {
  const edge = new HttpError(401, "Sign in to continue");
  assert.equal(asHttpError(edge), edge);
  assert.equal(edge.code, "unauthorized");
  assert.equal(asHttpError(new Error("boom")), null);
  assert.equal(asHttpError("nope"), null);
});

Deno.test("a domain error thrown by a handler answers { error, code } with its status", async () => {
  const app = new Hono();
  app.get("/", () => {
    throw new DomainError("nobody_waiting");
  });
  app.onError((err, c) => {
    const known = asHttpError(err)!;
    return c.json({ error: known.message, code: known.code }, known.status as 409);
  });
  const res = await app.request("/");
  assert.equal(res.status, 409);
  assert.deepEqual(await res.json(), {
    error: "Nobody is waiting in this queue",
    code: "nobody_waiting",
  });
});
