import assert from "node:assert/strict";
import { pushHostPatterns, refusePushEndpoint } from "./push_endpoint.ts";

const DEFAULTS = pushHostPatterns(undefined);

Deno.test("refusePushEndpoint() accepts the known push services by default", () => {
  for (
    const url of [
      "https://fcm.googleapis.com/fcm/send/abc:def",
      "https://updates.push.services.mozilla.com/wpush/v2/gAAA",
      "https://web.push.apple.com/QGZ1",
      "https://wns2-par02p.notify.windows.com/w/?token=x",
    ]
  ) {
    assert.equal(refusePushEndpoint(url, DEFAULTS), null, url);
  }
});

Deno.test("refusePushEndpoint() refuses other hosts, look-alikes, http and credentials", () => {
  assert.equal(refusePushEndpoint("https://evil.example/x", DEFAULTS), "Not a known push service");
  assert.equal(
    refusePushEndpoint("https://push.apple.com.evil.example/x", DEFAULTS),
    "Not a known push service",
  );
  assert.equal(
    refusePushEndpoint("https://xpush.apple.com/x", DEFAULTS),
    "Not a known push service",
  );
  assert.equal(
    refusePushEndpoint("http://fcm.googleapis.com/fcm/send/a", DEFAULTS),
    "A push endpoint must use https",
  );
  assert.equal(
    refusePushEndpoint("https://u:p@fcm.googleapis.com/fcm/send/a", DEFAULTS),
    "A push endpoint may not carry credentials",
  );
  assert.equal(refusePushEndpoint("http://127.0.0.1:9/p", DEFAULTS), "Not a known push service");
  assert.equal(refusePushEndpoint("not a url", DEFAULTS), "Not a valid URL");
});

Deno.test("pushHostPatterns() replaces the default list with PUSH_ENDPOINT_ALLOW", () => {
  const patterns = pushHostPatterns(" 127.0.0.1 , *.push.example ");
  assert.deepEqual(patterns, ["127.0.0.1", "*.push.example"]);
  assert.equal(refusePushEndpoint("http://127.0.0.1:4321/push/1", patterns), null);
  assert.equal(refusePushEndpoint("https://a.push.example/1", patterns), null);
  assert.equal(
    refusePushEndpoint("https://fcm.googleapis.com/fcm/send/a", patterns),
    "Not a known push service",
  );
});
