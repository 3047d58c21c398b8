import assert from "node:assert/strict";
import { internationalPhone, phoneLookup } from "./phone_number.ts";

Deno.test("a number typed the local way is sent in its international form", () => {
  assert.equal(internationalPhone("0123456789", "60"), "+60123456789");
  assert.equal(internationalPhone("+60123456789", "60"), "+60123456789");
  assert.equal(internationalPhone("0060123456789", "60"), "+60123456789");
  assert.equal(internationalPhone("60123456789", "60"), "+60123456789");
  assert.equal(internationalPhone("123456789", "60"), "+60123456789");
  assert.equal(internationalPhone("+6591234567", "60"), "+6591234567");
  assert.equal(internationalPhone("07700900123", "44"), "+447700900123");
});

Deno.test("an international number finds the forms a web join may have stored", () => {
  const my = phoneLookup("+60123456789", "60");
  assert.equal(my.international, "+60123456789");
  assert.deepEqual(my.forms, ["+60123456789", "0123456789", "123456789", "60123456789"]);
  // Typed locally by staff, the lookup is the same number.
  assert.deepEqual(phoneLookup("0123456789", "60").forms, my.forms);
  const sg = phoneLookup("+6591234567", "60");
  assert.deepEqual(sg.forms, ["+6591234567", "006591234567", "6591234567"]);
});
