import type { AppDeps } from "../deps.ts";
import { withPlatform } from "../db/transaction_repo.ts";
import { lastHourErrors } from "../metrics/error_rate.ts";
import { tenantDirectoryVersionKey } from "../kv/keys.ts";
import {
  databaseRoundTrip,
  liveFigures,
  newestTenants,
  notificationFigures,
  servedFigures,
  subscriptionsByPlan,
  tenantFigures,
  tenantGrowth,
} from "./dashboard_repo.ts";
import { loadPlatformSettingsIn } from "./platform_settings.ts";

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; ok: boolean }> {
  const started = performance.now();
  try {
    await fn();
    return { ms: Math.round((performance.now() - started) * 10) / 10, ok: true };
  } catch {
    return { ms: Math.round((performance.now() - started) * 10) / 10, ok: false };
  }
}

export type Dashboard = Awaited<ReturnType<typeof loadDashboard>>;

/** Every figure of the dashboard, read in one platform transaction, plus the system's health. */
export async function loadDashboard(deps: Pick<AppDeps, "db" | "kv" | "dispatcher">) {
  const figures = await withPlatform(deps.db, async (trx) => {
    const settings = await loadPlatformSettingsIn(trx);
    const paying = await subscriptionsByPlan(trx);
    const mrr = paying.reduce((sum, p) => sum + p.n * settings.plans[p.plan].priceMonthly, 0);
    return {
      tenants: await tenantFigures(trx),
      growth: await tenantGrowth(trx),
      served: await servedFigures(trx),
      live: await liveFigures(trx),
      notifications: await notificationFigures(trx),
      mrr: Math.round(mrr * 100) / 100,
      newest: await newestTenants(trx),
    };
  });
  const [database, kv] = [
    await timed(() => withPlatform(deps.db, databaseRoundTrip)),
    await timed(() => deps.kv.get(tenantDirectoryVersionKey())),
  ];
  const outbox = await deps.dispatcher.stats();
  return {
    ...figures,
    health: { database, kv, outbox, errors: lastHourErrors() },
    at: new Date().toISOString(),
  };
}
