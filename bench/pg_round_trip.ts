// deno-lint-ignore-file no-console
/**
 * What one database round trip costs the app's process: node-postgres (the driver the app uses)
 * on Deno, against PostgreSQL on loopback, in CPU µs (user and system) per query. A join and its
 * delivery are a number of these; this is the floor under their cost.
 * Usage: `deno run -A bench/pg_round_trip.ts [postgres://postgres@127.0.0.1:5432/postgres]`
 */
import pg from "pg";

/** User and system CPU of this process so far, in µs (Linux /proc; clock ticks of 10 ms). */
function cpuMicros(): [number, number] {
  const fields = Deno.readTextFileSync("/proc/self/stat").split(") ")[1]!.split(" ");
  return [Number(fields[11]) * 10_000, Number(fields[12]) * 10_000];
}

const url = Deno.args[0] ?? "postgres://postgres@127.0.0.1:5432/postgres";
const client = new pg.Client({ connectionString: url });
await client.connect();
const N = 5000;
const kinds: Array<[string, (i: number) => Promise<unknown>]> = [
  ["query with a parameter (extended protocol)", (i) => client.query("select $1::int", [i])],
  ["query without parameters (simple protocol)", () => client.query("select 1")],
];
for (const [label, run] of kinds) {
  for (let i = 0; i < 500; i++) await run(i);
  const [user0, sys0] = cpuMicros();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await run(i);
  const wall = (performance.now() - t0) * 1000 / N;
  const [user1, sys1] = cpuMicros();
  console.log(
    `${label}: ${((user1 - user0) / N).toFixed(0)} µs user + ${
      ((sys1 - sys0) / N).toFixed(0)
    } µs system CPU, ${wall.toFixed(0)} µs wall per round trip`,
  );
}
await client.end();
