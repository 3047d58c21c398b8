import type { AnalyticsReport } from "../../lib/analytics/dashboard.ts";
import { PERIODS } from "../../lib/analytics/analytics_schema.ts";
import { DailyChart, PeakHeatmap, QueueBars, QuoteChart } from "./Charts.tsx";
import { minutes, percent } from "./format.ts";

export interface AnalyticsPageProps {
  report: AnalyticsReport | null;
  /** What was asked, kept in the picker (also when it was refused). */
  asked: { period?: string; from?: string; to?: string };
  errors?: Record<string, string>;
}

function Stat({ id, label, value }: { id: string; label: string; value: string | number }) {
  return (
    <div class="rounded-lg border border-slate-200 bg-white p-3">
      <dt class="text-xs text-slate-600">{label}</dt>
      <dd class="text-xl font-semibold tabular-nums" data-testid={id}>{value}</dd>
    </div>
  );
}

function Picker({ asked, errors }: Pick<AnalyticsPageProps, "asked" | "errors">) {
  const current = asked.from ? null : asked.period ?? "7d";
  return (
    <div class="flex flex-wrap items-end gap-3">
      <nav aria-label="Period" class="flex flex-wrap gap-1">
        {PERIODS.map((p) => (
          <a
            href={`/dashboard/analytics?period=${p}`}
            aria-current={p === current ? "page" : undefined}
            class={`rounded px-3 py-1 text-sm ${
              p === current ? "bg-indigo-600 text-white" : "bg-white border border-slate-300"
            }`}
          >
            Last {p}
          </a>
        ))}
      </nav>
      <form
        method="get"
        action="/dashboard/analytics"
        class="flex flex-wrap items-end gap-2 text-sm"
      >
        <label class="flex flex-col">
          From
          <input
            type="date"
            name="from"
            value={asked.from ?? ""}
            class="rounded border px-2 py-1"
          />
        </label>
        <label class="flex flex-col">
          To
          <input type="date" name="to" value={asked.to ?? ""} class="rounded border px-2 py-1" />
        </label>
        <button type="submit" class="rounded bg-slate-800 px-3 py-1 text-white">Show</button>
      </form>
      {errors && (
        <ul role="alert" class="w-full text-sm text-red-700">
          {Object.entries(errors).map(([k, v]) => <li key={k}>{k}: {v}</li>)}
        </ul>
      )}
    </div>
  );
}

/** `/dashboard/analytics`: today's live counts, the period's figures, charts with their numbers. */
export function AnalyticsPage({ report, asked, errors }: AnalyticsPageProps) {
  const qs = asked.from ? `from=${asked.from}&to=${asked.to}` : `period=${asked.period ?? "7d"}`;
  return (
    <div class="space-y-6">
      <h1 class="text-2xl font-semibold">Analytics</h1>
      {report && (
        <section aria-label="Today so far">
          <h2 class="mb-2 font-semibold">Today ({report.today.date}), live</h2>
          <dl class="grid grid-cols-2 gap-2 sm:grid-cols-4">
            <Stat id="today-waiting" label="Waiting now" value={report.today.waiting} />
            <Stat id="today-called" label="Called now" value={report.today.called} />
            <Stat id="today-joined" label="Joined today" value={report.today.joined} />
            <Stat id="today-served" label="Served today" value={report.today.served} />
          </dl>
        </section>
      )}
      <Picker asked={asked} errors={errors} />
      {report && (
        <>
          <p class="text-sm text-slate-600">
            {report.period.firstDay} to {report.period.lastDay}, {report.timeZone} ·{" "}
            <a class="underline" href={`/api/analytics/export?format=csv&${qs}`}>Export CSV</a> ·
            {" "}
            <a class="underline" href={`/api/analytics/export?format=json&${qs}`}>JSON</a>
          </p>
          <dl class="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6">
            <Stat id="total-joined" label="Joined" value={report.totals.joined} />
            <Stat id="total-served" label="Served" value={report.totals.served} />
            <Stat
              id="total-avg-wait"
              label="Avg wait"
              value={minutes(report.totals.avgWaitMinutes)}
            />
            <Stat
              id="total-p90-wait"
              label="P90 wait"
              value={minutes(report.totals.p90WaitMinutes)}
            />
            <Stat
              id="total-avg-service"
              label="Avg service"
              value={minutes(report.totals.avgServiceMinutes)}
            />
            <Stat
              id="total-p90-service"
              label="P90 service"
              value={minutes(report.totals.p90ServiceMinutes)}
            />
            <Stat
              id="total-completion"
              label="Completed"
              value={percent(report.totals.completionRate)}
            />
            <Stat id="total-no-show" label="No-show" value={percent(report.totals.noShowRate)} />
            <Stat
              id="total-cancelled"
              label="Cancelled"
              value={percent(report.totals.cancellationRate)}
            />
          </dl>
          <div class="grid gap-4 lg:grid-cols-2">
            <DailyChart daily={report.daily} />
            <PeakHeatmap peaks={report.peaks} />
            <QueueBars queues={report.queues} />
            <QuoteChart quote={report.quoteAccuracy} />
          </div>
          <section class="rounded-lg border border-slate-200 bg-white p-4">
            <h2 class="mb-2 font-semibold">Channels</h2>
            <table class="w-full text-left text-sm">
              <thead>
                <tr>
                  <th scope="col">Channel</th>
                  <th scope="col">Joined</th>
                  <th scope="col">Served</th>
                </tr>
              </thead>
              <tbody>
                {report.channels.map((c) => (
                  <tr>
                    <th scope="row" class="font-normal">{c.channel}</th>
                    <td data-testid={`channel-${c.channel}`}>{c.joined}</td>
                    <td>{c.served}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </div>
  );
}
