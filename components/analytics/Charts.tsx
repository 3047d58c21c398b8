import type { AnalyticsReport } from "../../lib/analytics/dashboard.ts";
import { hourLabel, minutes, percent, WEEKDAYS } from "./format.ts";

const W = 640;
const H = 200;
const PAD = 28;

function Figure(
  { title, summary, children }: {
    title: string;
    summary: string;
    children: preact.ComponentChildren;
  },
) {
  return (
    <section class="rounded-lg border border-slate-200 bg-white p-4">
      <h2 class="mb-1 font-semibold">{title}</h2>
      <p class="mb-2 text-sm text-slate-600">{summary}</p>
      {children}
    </section>
  );
}

function Table({ head, rows }: { head: string[]; rows: Array<Array<string | number>> }) {
  return (
    <div class="mt-3 max-h-64 overflow-auto">
      <table class="w-full text-left text-sm">
        <thead>
          <tr>
            {head.map((h) => <th key={h} scope="col" class="px-2 py-1 font-medium">{h}</th>)}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr class="border-t border-slate-100">
              {r.map((v, i) =>
                i === 0
                  ? <th key={i} scope="row" class="px-2 py-1 font-normal">{v}</th>
                  : <td key={i} class="px-2 py-1 tabular-nums">{v}</td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Joined and served per local day, as two lines. */
export function DailyChart({ daily }: { daily: AnalyticsReport["daily"] }) {
  const max = Math.max(1, ...daily.map((d) => d.joined));
  const x = (i: number) => PAD + (daily.length < 2 ? 0 : (i * (W - 2 * PAD)) / (daily.length - 1));
  const y = (v: number) => H - PAD - (v * (H - 2 * PAD)) / max;
  const line = (k: "joined" | "served") => daily.map((d, i) => `${x(i)},${y(d[k])}`).join(" ");
  const total = daily.reduce((n, d) => n + d.joined, 0);
  return (
    <Figure title="Customers per day" summary={`${total} joined over ${daily.length} days`}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        class="h-auto w-full"
        role="img"
        aria-label="Customers per day"
      >
        <line x1={PAD} y1={H - PAD} x2={W - PAD} y2={H - PAD} stroke="#cbd5e1" />
        <text x={2} y={PAD} font-size="11" fill="#64748b">{max}</text>
        <text x={2} y={H - PAD} font-size="11" fill="#64748b">0</text>
        <polyline points={line("joined")} fill="none" stroke="#4f46e5" stroke-width="2" />
        <polyline points={line("served")} fill="none" stroke="#059669" stroke-width="2" />
        {daily.length > 0 && (
          <>
            <text x={PAD} y={H - 8} font-size="11" fill="#64748b">{daily[0]!.date}</text>
            <text x={W - PAD} y={H - 8} font-size="11" fill="#64748b" text-anchor="end">
              {daily[daily.length - 1]!.date}
            </text>
          </>
        )}
      </svg>
      <p class="text-xs text-slate-600">
        <span class="text-indigo-600">━</span> joined <span class="text-emerald-600">━</span> served
      </p>
      <Table
        head={["Day", "Joined", "Served", "No-show", "Cancelled", "Avg wait"]}
        rows={daily.map((d) => [
          d.date,
          d.joined,
          d.served,
          d.noShow,
          d.cancelled,
          minutes(d.avgWaitMinutes),
        ])}
      />
    </Figure>
  );
}

/** Joins by weekday × hour: the darker, the busier. */
export function PeakHeatmap({ peaks }: { peaks: AnalyticsReport["peaks"] }) {
  const max = Math.max(1, ...peaks.grid.flat());
  const cw = (W - 40) / 24;
  const ch = 22;
  const b = peaks.busiest;
  return (
    <Figure
      title="Busiest hours"
      summary={b
        ? `Busiest: ${WEEKDAYS[b.weekday]} ${hourLabel(b.hour)} (${b.joined} joined)`
        : "No joins yet"}
    >
      <svg
        viewBox={`0 0 ${W} ${ch * 7 + 20}`}
        class="h-auto w-full"
        role="img"
        aria-label="Joins by weekday and hour"
      >
        {peaks.grid.map((row, d) => (
          <g>
            <text x={0} y={d * ch + 15} font-size="11" fill="#475569">{WEEKDAYS[d]}</text>
            {row.map((n, h) => (
              <rect
                x={40 + h * cw}
                y={d * ch}
                width={cw - 1}
                height={ch - 1}
                fill={n === 0 ? "#f1f5f9" : `rgba(79,70,229,${0.15 + 0.85 * (n / max)})`}
              >
                <title>{`${WEEKDAYS[d]} ${hourLabel(h)}: ${n}`}</title>
              </rect>
            ))}
          </g>
        ))}
        {[0, 6, 12, 18].map((h) => (
          <text x={40 + h * cw} y={ch * 7 + 14} font-size="11" fill="#64748b">{hourLabel(h)}</text>
        ))}
      </svg>
      <Table
        head={["Hour", ...WEEKDAYS]}
        rows={Array.from({ length: 24 }, (_, h) => [hourLabel(h), ...peaks.grid.map((r) => r[h]!)])}
      />
    </Figure>
  );
}

/** Joined and served per queue, as bars. */
export function QueueBars({ queues }: { queues: AnalyticsReport["queues"] }) {
  const max = Math.max(1, ...queues.map((q) => q.joined));
  const bh = 18;
  const height = Math.max(1, queues.length) * (bh * 2 + 12);
  return (
    <Figure title="Queues" summary={`${queues.length} queues`}>
      <svg
        viewBox={`0 0 ${W} ${height}`}
        class="h-auto w-full"
        role="img"
        aria-label="Joined and served per queue"
      >
        {queues.map((q, i) => {
          const top = i * (bh * 2 + 12);
          const len = (v: number) => ((W - 160) * v) / max;
          return (
            <g>
              <text x={0} y={top + 14} font-size="12" fill="#334155">{q.name.slice(0, 20)}</text>
              <rect x={150} y={top} width={len(q.joined)} height={bh} fill="#4f46e5" />
              <rect x={150} y={top + bh} width={len(q.served)} height={bh} fill="#059669" />
              <text x={155 + len(q.joined)} y={top + 13} font-size="11">{q.joined}</text>
              <text x={155 + len(q.served)} y={top + bh + 13} font-size="11">{q.served}</text>
            </g>
          );
        })}
      </svg>
      <Table
        head={[
          "Queue",
          "Joined",
          "Served",
          "Avg wait",
          "P90 wait",
          "Avg service",
          "Completed",
          "No-show",
        ]}
        rows={queues.map((q) => [
          q.name,
          q.joined,
          q.served,
          minutes(q.avgWaitMinutes),
          minutes(q.p90WaitMinutes),
          minutes(q.avgServiceMinutes),
          percent(q.completionRate),
          percent(q.noShowRate),
        ])}
      />
    </Figure>
  );
}

/** Quoted vs actual wait by hour of joining: above the line, people waited longer than told. */
export function QuoteChart({ quote }: { quote: AnalyticsReport["quoteAccuracy"] }) {
  const max = Math.max(1, ...quote.byHour.map((h) => Math.abs(h.meanErrorMinutes ?? 0)));
  const mid = H / 2;
  const cw = (W - 40) / 24;
  return (
    <Figure
      title="Quoted vs actual wait"
      summary={quote.entries === 0
        ? "No called party had a quote yet"
        : `Mean error ${minutes(quote.meanErrorMinutes)} (actual − quoted); ${
          percent(quote.underestimatedShare)
        } waited longer than quoted`}
    >
      <svg
        viewBox={`0 0 ${W} ${H}`}
        class="h-auto w-full"
        role="img"
        aria-label="Quote error by hour"
      >
        <line x1={40} y1={mid} x2={W} y2={mid} stroke="#94a3b8" />
        <text x={0} y={mid + 4} font-size="11" fill="#64748b">0</text>
        {quote.byHour.map((h) => {
          const v = h.meanErrorMinutes ?? 0;
          const len = (Math.abs(v) * (mid - 10)) / max;
          return (
            <rect
              x={40 + h.hour * cw}
              y={v >= 0 ? mid - len : mid}
              width={cw - 2}
              height={len}
              fill={v > 0 ? "#dc2626" : "#2563eb"}
            >
              <title>{`${hourLabel(h.hour)}: ${minutes(h.meanErrorMinutes)}`}</title>
            </rect>
          );
        })}
      </svg>
      <Table
        head={["Joined at", "Parties", "Mean error", "Waited longer"]}
        rows={quote.byHour.map((h) => [
          hourLabel(h.hour),
          h.entries,
          minutes(h.meanErrorMinutes),
          percent(h.underestimatedShare),
        ])}
      />
    </Figure>
  );
}
