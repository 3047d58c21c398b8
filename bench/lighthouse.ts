/**
 * Lighthouse (npm, pinned: 12.2.3 runs on the Node.js 20 of our machines) against Debian's
 * Chromium, mobile form factor, performance only; in its own process, output as JSON.
 */
const CHROMIUM = "/usr/bin/chromium";
const LIGHTHOUSE = "npm:lighthouse@12.2.3";
/** As tests/helpers/browser.ts: headless, and no calls to Google's hosts on a closed network. */
const CHROME_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const METRICS = [
  ["first-contentful-paint", "FCP"],
  ["largest-contentful-paint", "LCP"],
  ["total-blocking-time", "TBT"],
  ["cumulative-layout-shift", "CLS"],
  ["speed-index", "SI"],
] as const;

export interface LighthouseResult {
  score: number | null;
  summary: string;
}

export async function runLighthouse(url: string): Promise<LighthouseResult> {
  const outPath = await Deno.makeTempFile({ suffix: ".json" });
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        LIGHTHOUSE,
        url,
        "--quiet",
        "--form-factor=mobile",
        "--only-categories=performance",
        "--output=json",
        `--output-path=${outPath}`,
        `--chrome-path=${CHROMIUM}`,
        `--chrome-flags=${CHROME_FLAGS.join(" ")}`,
        "--max-wait-for-load=30000",
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) {
      return {
        score: null,
        summary: `failed: ${new TextDecoder().decode(out.stderr).slice(-400)}`,
      };
    }
    const report = JSON.parse(await Deno.readTextFile(outPath));
    if (report.runtimeError) {
      return { score: null, summary: `failed: ${report.runtimeError.message}` };
    }
    const score = Math.round(report.categories.performance.score * 100);
    const metrics = METRICS.map(([id, label]) => `${label} ${report.audits[id].displayValue}`);
    return { score, summary: `${score}  (${metrics.join(", ")})` };
  } finally {
    await Deno.remove(outPath).catch(() => {});
  }
}
