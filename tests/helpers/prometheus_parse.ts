/** One sample of the Prometheus text format. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)( -?\d+)?$/;
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"(,|$)/;

function parseValue(text: string, line: string): number {
  if (text === "+Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  if (text === "NaN") return NaN;
  if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`bad value: ${line}`);
  return Number(text);
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = text;
  while (rest.length > 0) {
    const m = rest.match(LABEL);
    if (!m) throw new Error(`bad labels: ${line}`);
    if (m[1]! in labels) throw new Error(`label twice: ${line}`);
    labels[m[1]!] = m[2]!.replace(/\\(["\\n])/g, (_, c) => (c === "n" ? "\n" : c));
    rest = rest.slice(m[0].length);
  }
  return labels;
}

/**
 * Parses the Prometheus text exposition format (0.0.4) strictly: every line is a HELP, a TYPE
 * or a sample; a metric's TYPE comes before its samples and only once; a histogram's buckets
 * are cumulative and end in `+Inf` equal to its `_count`. Throws on the first fault.
 */
export function parsePrometheus(text: string): { types: Map<string, string>; samples: Sample[] } {
  if (!text.endsWith("\n")) throw new Error("the exposition must end with a newline");
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.slice(0, -1).split("\n")) {
    if (line.startsWith("# HELP ")) {
      if (!NAME.test(line.split(" ")[2] ?? "")) throw new Error(`bad HELP: ${line}`);
      continue;
    }
    if (line.startsWith("# TYPE ")) {
      const [, , name, type] = line.split(" ");
      if (!name || !NAME.test(name)) throw new Error(`bad TYPE: ${line}`);
      if (!["counter", "gauge", "histogram", "summary", "untyped"].includes(type ?? "")) {
        throw new Error(`unknown type: ${line}`);
      }
      if (types.has(name)) throw new Error(`TYPE twice: ${line}`);
      types.set(name, type!);
      continue;
    }
    if (line.startsWith("#") || line === "") throw new Error(`unexpected line: ${line}`);
    const m = line.match(SAMPLE);
    if (!m) throw new Error(`bad sample: ${line}`);
    const name = m[1]!;
    const family = types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, "");
    if (!types.has(family)) throw new Error(`sample before its TYPE: ${line}`);
    samples.push({ name, labels: parseLabels(m[3] ?? "", line), value: parseValue(m[4]!, line) });
  }
  for (const [family, type] of types) {
    if (type !== "histogram") continue;
    const series = new Map<string, Sample[]>();
    for (const s of samples.filter((s) => s.name === `${family}_bucket`)) {
      const { le: _le, ...rest } = s.labels;
      const key = JSON.stringify(rest);
      series.set(key, [...(series.get(key) ?? []), s]);
    }
    for (const [key, buckets] of series) {
      const values = buckets.map((b) => b.value);
      if (values.some((v, i) => i > 0 && v < values[i - 1]!)) {
        throw new Error(`${family}${key}: buckets not cumulative`);
      }
      const last = buckets[buckets.length - 1]!;
      const count = samples.find((s) =>
        s.name === `${family}_count` && JSON.stringify(s.labels) === key
      );
      if (last.labels.le !== "+Inf" || !count || count.value !== last.value) {
        throw new Error(`${family}${key}: +Inf bucket and _count differ`);
      }
    }
  }
  return { types, samples };
}
