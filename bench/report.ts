// deno-lint-ignore-file no-console
/** The output of `deno task bench`: the table, and a loud warning for runs that measured errors. */
import type { LoadResult } from "./load_client.ts";

export function printTable(rows: { target: string; r: LoadResult }[], baseline: number) {
  const cells = [["target", "req/s", "p50 ms", "p99 ms", "ratio to hello-world req/s"]];
  for (const { target, r } of rows) {
    cells.push([
      target,
      r.rps.toFixed(0),
      String(r.p50),
      String(r.p99),
      (r.rps / baseline).toFixed(3),
    ]);
  }
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ");
  console.log(line(cells[0]!));
  console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
  for (const row of cells.slice(1)) console.log(line(row));
}

/** Says loudly when a run saw anything but 2xx answers: such figures measure nothing useful. */
export function invalid(target: string, r: LoadResult): boolean {
  if (r.non2xx === 0 && r.errors === 0 && r.timeouts === 0 && r.total > 0) return false;
  console.error(
    `!!! ${target}: INVALID RUN: ${r.total - r.non2xx} 2xx answers, ${r.non2xx} non-2xx ` +
      `(status codes ${
        JSON.stringify(r.statusCodes)
      }), ${r.errors} errors, ${r.timeouts} timeouts` +
      (r.firstError ? ` (first: ${r.firstError})` : ""),
  );
  return true;
}

export interface Column {
  label: string;
  results: Map<string, LoadResult>;
}

function cpu(r: LoadResult): string {
  return r.serverCpuUs === undefined ? "?" : r.serverCpuUs.toFixed(0);
}

/**
 * One row per target, one group of columns per database: req/s, p99, the share of the
 * hello-world req/s of the same run, and the server's CPU time per request (user + system, all
 * its threads: unlike req/s, it hardly moves with what else the machine runs), beside the goal.
 */
export function printSideBySide(
  hello: LoadResult,
  targets: ReadonlyArray<{ name: string; goal: string }>,
  columns: Column[],
) {
  const head = [
    "target",
    ...columns.flatMap((c) => [`${c.label} req/s`, "p99 ms", "ratio", "CPU µs/req"]),
    "goal",
  ];
  const cells = [head];
  cells.push([
    "hello world (Deno.serve)",
    ...columns.flatMap(() => [hello.rps.toFixed(0), String(hello.p99), "1.000", cpu(hello)]),
    "",
  ]);
  for (const t of targets) {
    const row = [t.name];
    for (const c of columns) {
      const r = c.results.get(t.name);
      row.push(r ? r.rps.toFixed(0) : "-", r ? String(r.p99) : "-");
      row.push(r ? (r.rps / hello.rps).toFixed(3) : "-", r ? cpu(r) : "-");
    }
    row.push(t.goal);
    cells.push(row);
  }
  const widths = head.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row.map((
      c,
      i,
    ) => (i === 0 || i === row.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join(" | ");
  console.log(line(head));
  console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
  for (const row of cells.slice(1)) console.log(line(row));
}
