import { Hono } from "hono";
import { z } from "zod";
import type { BackofficeEnv } from "../../../lib/http/app_env.ts";
import { renderPage } from "../../../lib/http/render.tsx";
import { wantsJson } from "../../../lib/http/request_context.ts";
import { withPlatform } from "../../../lib/db/transaction_repo.ts";
import type { Plan } from "../../../lib/db/schema.ts";
import { PLANS } from "../../../lib/backoffice/plan_terms.ts";
import { SUBSCRIPTION_STATUSES } from "../../../lib/backoffice/tenant_schema.ts";
import { loadPlatformSettingsIn } from "../../../lib/backoffice/platform_settings.ts";
import { listSubscriptions } from "../../../lib/backoffice/subscriptions_repo.ts";
import { BackofficeShell } from "../../../components/backoffice/BackofficeShell.tsx";
import { SubscriptionsPage } from "../../../components/backoffice/SubscriptionsPage.tsx";

/** `/backoffice/subscriptions`: the plans and every tenant's subscription (read-only). */
const app = new Hono<BackofficeEnv>();

const Query = z.object({
  plan: z.enum(PLANS as [Plan, ...Plan[]]).optional().catch(undefined),
  status: z.enum(SUBSCRIPTION_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

app.get("/", async function subscriptionsList(c) {
  const q = Query.parse(c.req.query());
  const { rows, settings } = await withPlatform(c.get("deps").db, async (trx) => ({
    rows: await listSubscriptions(trx, { ...q, perPage: 100 }),
    settings: await loadPlatformSettingsIn(trx),
  }));
  if (wantsJson(c)) return c.json({ subscriptions: rows, plans: settings.plans });
  return renderPage(
    c,
    "Plans and subscriptions · Back office",
    <BackofficeShell
      adminName={c.get("admin").fullName}
      csrfToken={c.get("csrfToken")}
      current="/backoffice/subscriptions"
      title="Plans and subscriptions"
    >
      <SubscriptionsPage rows={rows} settings={settings} plan={q.plan} status={q.status} />
    </BackofficeShell>,
  );
});

export default app;
