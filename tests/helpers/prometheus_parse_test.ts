import assert from "node:assert/strict";
import { parsePrometheus } from "./prometheus_parse.ts";

Deno.test("parsePrometheus() reads valid text and refuses what Prometheus would refuse", () => {
  const ok = '# HELP a_total A.\n# TYPE a_total counter\na_total{x="1",y="a\\"b"} 3\n' +
    "# TYPE h histogram\n" +
    'h_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 1.5\nh_count 2\n';
  const { samples } = parsePrometheus(ok);
  assert.deepEqual(samples[0], { name: "a_total", labels: { x: "1", y: 'a"b' }, value: 3 });
  for (
    const bad of [
      "a_total 1\n", // no TYPE
      "# TYPE a counter\na{x=1} 1\n", // unquoted label
      "# TYPE a counter\na 1x\n", // bad value
      "# TYPE a counter\na 1", // no final newline
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\n',
      '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_count 3\n',
    ]
  ) {
    assert.throws(() => parsePrometheus(bad), Error, bad);
  }
});
