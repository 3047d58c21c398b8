import assert from "node:assert/strict";
import { DomainError } from "../errors.ts";
import { asHttpError } from "./error_map.ts";
import { HttpError } from "./errors.ts";
import { customerRefusal } from "./customer_refusal.ts";
import { isCustomerPath } from "./customer_locale.ts";

function refusal(err: unknown, locale: "en" | "ms" | "zh") {
  return customerRefusal(asHttpError(err) ?? new HttpError(500, "boom"), err, locale);
}

Deno.test("customerRefusal() keeps the edge's English words, field by field", () => {
  const invalid = new DomainError("invalid_input", {
    fields: { customerPhone: "Phone number must have 7 to 15 digits" },
  });
  assert.deepEqual(refusal(invalid, "en"), {
    message: "Please check the highlighted fields",
    fields: { customerPhone: "Phone number must have 7 to 15 digits" },
  });
});

Deno.test("customerRefusal() says each field's need and the rule's words in Malay and Chinese", () => {
  const invalid = new DomainError("invalid_input", { fields: { customerPhone: "x", other: "y" } });
  assert.deepEqual(refusal(invalid, "ms"), {
    message: "Sila semak ruangan yang ditandakan",
    fields: {
      customerPhone: "Masukkan nombor telefon bimbit 7 hingga 15 digit",
      other: "Sila semak ruangan yang ditandakan",
    },
  });
  const full = new DomainError("queue_full", { queue: "Dine-in", capacity: 1000 });
  assert.equal(refusal(full, "zh").message, "Dine-in 已满（1,000 组），请稍后再试");
  const limited = new HttpError(429, "Too many joins", { headers: { "Retry-After": "42" } });
  assert.match(refusal(limited, "ms").message, /dalam 42 saat$/);
});

Deno.test("customerRefusal() never shows a server error's internals", () => {
  assert.equal(
    refusal(new Error("relation queue_entries does not exist"), "en").message,
    "Something went wrong on our side; please try again",
  );
  assert.equal(refusal(new Error("secret"), "zh").message, "我们这边出了问题，请重试");
});

Deno.test("isCustomerPath() tells the customer pages from the staff and API ones", () => {
  for (const path of ["/", "/queue/recover", "/queue/status/abc", "/nope"]) {
    assert.ok(isCustomerPath(path), path);
  }
  for (const path of ["/dashboard", "/dashboard/login", "/api/queues", "/backoffice"]) {
    assert.ok(!isCustomerPath(path), path);
  }
});
