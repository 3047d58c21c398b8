import type { Dashboard } from "../../lib/backoffice/dashboard.ts";

function Figure({ label, name, value }: { label: string; name: string; value: string | number }) {
  return (
    <div class="rounded-lg bg-white p-3 shadow-sm">
      <p class="text-xs text-slate-500">{label}</p>
      <p class="text-xl font-semibold" data-fig={name}>{value}</p>
    </div>
  );
}

/** The figures as the page shows them; the refresh script reads the same names from JSON. */
export function dashboardFigures(d: Dashboard): Record<string, string | number> {
  return {
    "tenants.active": d.tenants.active,
    "tenants.inactive": d.tenants.inactive,
    "tenants.week": d.tenants.week,
    "tenants.month": d.tenants.month,
    "served.today": d.served.today,
    "served.week": d.served.week,
    "served.month": d.served.month,
    "live.open": d.live.open,
    "live.waiting": d.live.waiting,
    "notifications.sent": d.notifications.sent,
    "notifications.failed": d.notifications.failed,
    mrr: `MYR ${d.mrr.toFixed(2)}`,
    "health.database": d.health.database.ok ? `${d.health.database.ms} ms` : "down",
    "health.kv": d.health.kv.ok ? `${d.health.kv.ms} ms` : "down",
    "health.outbox": `${d.health.outbox.pending} pending, ${d.health.outbox.dead} dead`,
    "health.oldest": `${Math.round(d.health.outbox.oldestPendingMs / 1000)} s`,
    "health.errors": `${(d.health.errors.rate * 100).toFixed(2)}% of ${d.health.errors.requests}`,
    at: d.at.replace("T", " ").slice(0, 19) + " UTC",
  };
}

/** Figures, a growth chart and the system's health; refreshed every 15 s without a reload. */
export function DashboardPage({ dashboard, nonce }: { dashboard: Dashboard; nonce: string }) {
  const f = dashboardFigures(dashboard);
  const peak = Math.max(1, ...dashboard.growth.map((g) => g.count));
  return (
    <div>
      <p class="mt-1 text-sm text-slate-500" aria-live="polite">
        Updated <span data-fig="at">{f.at}</span>
      </p>
      <h2 class="mt-4 font-semibold">Tenants</h2>
      <div class="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-4">
        <Figure label="Active" name="tenants.active" value={f["tenants.active"]!} />
        <Figure label="Inactive" name="tenants.inactive" value={f["tenants.inactive"]!} />
        <Figure label="New this week" name="tenants.week" value={f["tenants.week"]!} />
        <Figure label="New this month" name="tenants.month" value={f["tenants.month"]!} />
      </div>
      <figure class="mt-3 rounded-lg bg-white p-3 shadow-sm">
        <figcaption class="text-xs text-slate-500">New tenants per month</figcaption>
        <ol class="mt-2 flex h-24 items-end gap-2">
          {dashboard.growth.map((g) => (
            <li key={g.month} class="flex flex-1 flex-col items-center text-xs">
              <svg
                viewBox="0 0 10 66"
                preserveAspectRatio="none"
                class="h-16 w-full"
                aria-hidden="true"
              >
                <rect
                  x="0"
                  y={64 - Math.round((g.count / peak) * 64)}
                  width="10"
                  height={Math.round((g.count / peak) * 64) + 2}
                  class="fill-indigo-500"
                />
              </svg>
              <span>{g.month.slice(5)}: {g.count}</span>
            </li>
          ))}
        </ol>
      </figure>
      <h2 class="mt-4 font-semibold">Across the platform</h2>
      <div class="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-4">
        <Figure label="Served today" name="served.today" value={f["served.today"]!} />
        <Figure label="Served 7 days" name="served.week" value={f["served.week"]!} />
        <Figure label="Served 30 days" name="served.month" value={f["served.month"]!} />
        <Figure label="Queues open now" name="live.open" value={f["live.open"]!} />
        <Figure label="People waiting now" name="live.waiting" value={f["live.waiting"]!} />
        <Figure
          label="Notifications sent 24 h"
          name="notifications.sent"
          value={f["notifications.sent"]!}
        />
        <Figure
          label="Notifications failed 24 h"
          name="notifications.failed"
          value={f["notifications.failed"]!}
        />
        <Figure label="Monthly recurring revenue" name="mrr" value={f.mrr!} />
      </div>
      <h2 class="mt-4 font-semibold">System health</h2>
      <div class="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-5">
        <Figure label="Database round trip" name="health.database" value={f["health.database"]!} />
        <Figure label="KV round trip" name="health.kv" value={f["health.kv"]!} />
        <Figure label="Outbox" name="health.outbox" value={f["health.outbox"]!} />
        <Figure label="Oldest pending job" name="health.oldest" value={f["health.oldest"]!} />
        <Figure
          label="Errors, last hour (this process)"
          name="health.errors"
          value={f["health.errors"]!}
        />
      </div>
      <h2 class="mt-4 font-semibold">Newest tenants</h2>
      <ul class="mt-2 rounded-lg bg-white p-3 text-sm shadow-sm">
        {dashboard.newest.map((t) => (
          <li key={t.id}>
            <a class="text-indigo-700 underline" href={`/backoffice/tenants/${t.id}`}>{t.name}</a>
            {" "}
            ({t.slug}){t.isActive ? "" : " · inactive"}
          </li>
        ))}
      </ul>
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: REFRESH_SCRIPT }} />
    </div>
  );
}

const REFRESH_SCRIPT = `(() => {
  async function refresh() {
    try {
      const res = await fetch("/backoffice/dashboard", { headers: { accept: "application/json" } });
      if (!res.ok) return;
      const { figures } = await res.json();
      for (const el of document.querySelectorAll("[data-fig]")) {
        const v = figures[el.getAttribute("data-fig")];
        if (v !== undefined) el.textContent = String(v);
      }
    } catch {}
  }
  setInterval(refresh, 15000);
})();`;
