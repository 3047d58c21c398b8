import assert from "node:assert/strict";
import { addDays, eachDay, localClock } from "./local_time.ts";

Deno.test("localClock() places instants in the zone's day and hour, across DST", () => {
  const kl = localClock("Asia/Kuala_Lumpur");
  assert.deepEqual(kl.place(new Date("2026-11-18T16:30:00Z")), {
    date: "2026-11-19",
    hour: 0,
    weekday: 4,
  });
  assert.equal(kl.dayStart("2026-11-19").toISOString(), "2026-11-18T16:00:00.000Z");
  const ny = localClock("America/New_York");
  assert.equal(ny.place(new Date("2026-11-01T05:30:00Z")).hour, 1); // 01:30 EDT
  assert.equal(ny.place(new Date("2026-11-01T06:30:00Z")).hour, 1); // 01:30 EST
  assert.equal(ny.dayStart("2026-11-01").toISOString(), "2026-11-01T04:00:00.000Z");
  assert.equal(ny.dayStart("2026-11-02").toISOString(), "2026-11-02T05:00:00.000Z");
  assert.equal(ny.dayStart("2026-03-08").toISOString(), "2026-03-08T05:00:00.000Z");
  assert.equal(ny.dayStart("2026-03-09").toISOString(), "2026-03-09T04:00:00.000Z");
  const kathmandu = localClock("Asia/Kathmandu"); // UTC+5:45
  assert.equal(kathmandu.place(new Date("2026-01-01T18:14:00Z")).date, "2026-01-01");
  assert.equal(kathmandu.place(new Date("2026-01-01T18:15:00Z")).date, "2026-01-02");
});

Deno.test("addDays() and eachDay() walk calendar days across months and leap days", () => {
  assert.equal(addDays("2028-02-28", 1), "2028-02-29");
  assert.equal(addDays("2026-03-01", -1), "2026-02-28");
  assert.deepEqual(eachDay("2026-12-30", "2027-01-02"), [
    "2026-12-30",
    "2026-12-31",
    "2027-01-01",
    "2027-01-02",
  ]);
});
