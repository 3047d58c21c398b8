// deno-lint-ignore-file no-console
/**
 * `deno run -A bench/login_storm.ts`: 100 concurrent wrong-password sign-ins, with passwords
 * hashed at the production cost (bcrypt 12), and what each scenario answers and how fast.
 *
 * Scenarios: one account from one client; one account from 100 clients (what an attacker who
 * can vary its address does); 100 unknown accounts from 100 clients (only the pool stands in
 * the way). Environment: STORM (100), BCRYPT_ROUNDS (12).
 */
import { startTestApp, type TestApp } from "../tests/helpers/test_app.ts";

const STORM = Number(Deno.env.get("STORM") ?? 100);

interface Outcome {
  status: number;
  ms: number;
}

async function storm(
  app: TestApp,
  attempt: (i: number) => { email: string; ip: string },
): Promise<{ outcomes: Outcome[]; wallMs: number }> {
  const started = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: STORM }, async (_, i) => {
      const { email, ip } = attempt(i);
      const t0 = performance.now();
      const res = await app.request("http://demo.localhost/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password: "wrong-password" }),
        ip,
      });
      await res.body?.cancel();
      return { status: res.status, ms: performance.now() - t0 };
    }),
  );
  return { outcomes, wallMs: performance.now() - started };
}

function report(name: string, { outcomes, wallMs }: { outcomes: Outcome[]; wallMs: number }) {
  const byStatus = new Map<number, number[]>();
  for (const o of outcomes) byStatus.set(o.status, [...(byStatus.get(o.status) ?? []), o.ms]);
  const all = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const parts = [...byStatus].sort(([a], [b]) => a - b).map(([status, ms]) =>
    `${status}×${ms.length} (mean ${mean(ms).toFixed(0)} ms)`
  );
  console.log(
    `${name}: ${parts.join(", ")}; all: mean ${mean(all).toFixed(0)} ms, ` +
      `p50 ${all[Math.floor(all.length / 2)]!.toFixed(0)} ms, max ${all.at(-1)!.toFixed(0)} ms, ` +
      `wall ${wallMs.toFixed(0)} ms`,
  );
}

const rounds = Deno.env.get("BCRYPT_ROUNDS") ?? "12";
const scenarios: Array<[string, (i: number) => { email: string; ip: string }]> = [
  ["one account, one client", () => ({ email: "staff@demo.test", ip: "198.51.100.1" })],
  ["one account, 100 clients", (i) => ({ email: "owner@demo.test", ip: `203.0.113.${i}` })],
  ["100 unknown accounts, 100 clients", (i) => ({
    email: `nobody${i}@demo.test`,
    ip: `192.0.2.${i}`,
  })],
];
console.log(`${STORM} concurrent wrong-password sign-ins, bcrypt cost ${rounds}`);
for (const [name, attempt] of scenarios) {
  // A fresh app each time, so no scenario inherits another's locks or counters.
  const app = await startTestApp({ BCRYPT_ROUNDS: rounds });
  try {
    report(name, await storm(app, attempt));
  } finally {
    await app.close();
  }
}
