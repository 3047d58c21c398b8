import assert from "node:assert/strict";
import { isOpenAt, localDate, timeZoneOffsetMinutes } from "./hours.ts";

const at = (iso: string) => new Date(iso);

Deno.test("isOpenAt() reads the hours in the tenant's time zone", () => {
  const hours = { start: "09:00", end: "17:00" };
  // 08:30 UTC is 16:30 in Kuala Lumpur (UTC+8): open there, closed in London.
  assert.equal(isOpenAt(hours, "Asia/Kuala_Lumpur", at("2026-11-24T08:30:00Z")), true);
  assert.equal(isOpenAt(hours, "Europe/London", at("2026-11-24T08:30:00Z")), false);
  assert.equal(isOpenAt(hours, "Asia/Kuala_Lumpur", at("2026-11-24T09:00:00Z")), false);
});

Deno.test("isOpenAt() handles hours past midnight and all day", () => {
  const late = { start: "18:00", end: "02:00" };
  assert.equal(isOpenAt(late, "UTC", at("2026-11-24T23:30:00Z")), true);
  assert.equal(isOpenAt(late, "UTC", at("2026-11-24T01:59:00Z")), true);
  assert.equal(isOpenAt(late, "UTC", at("2026-11-24T02:00:00Z")), false);
  assert.equal(isOpenAt({ start: "00:00", end: "24:00" }, "UTC", at("2026-11-24T12:00:00Z")), true);
  assert.equal(isOpenAt({ start: "00:00", end: "24:00" }, "UTC", at("2026-11-24T23:59:00Z")), true);
});

Deno.test("localDate() is the tenant's calendar day, not the server's", () => {
  const lateUtc = at("2026-11-24T20:30:00Z");
  assert.equal(localDate("UTC", lateUtc), "2026-11-24");
  assert.equal(localDate("Asia/Kuala_Lumpur", lateUtc), "2026-11-25");
});

Deno.test("timeZoneOffsetMinutes() gives the offset in force, DST included", () => {
  assert.equal(timeZoneOffsetMinutes("Asia/Kuala_Lumpur", at("2026-11-24T20:30:00Z")), 480);
  assert.equal(timeZoneOffsetMinutes("UTC", at("2026-11-24T20:30:00Z")), 0);
  assert.equal(timeZoneOffsetMinutes("Europe/London", at("2026-07-01T12:00:00Z")), 60);
  assert.equal(timeZoneOffsetMinutes("America/New_York", at("2026-01-15T12:00:00Z")), -300);
});
