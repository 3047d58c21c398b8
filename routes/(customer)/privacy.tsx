import { Hono } from "hono";
import type { TenantEnv } from "../../lib/http/app_env.ts";
import { renderPage } from "../../lib/http/render.tsx";
import { requestLocale } from "../../lib/http/customer_locale.ts";
import { privacyMessages } from "../../lib/i18n/messages/privacy.ts";
import { getRetentionMonths } from "../../lib/retention/retention.ts";

/** `/privacy`: what the venue keeps about its customers, and for how long. */
const app = new Hono<TenantEnv>();

app.get("/", async function privacyNote(c) {
  const tenant = c.get("tenant");
  const months = await getRetentionMonths(c.get("scope"), c.get("deps").config.RETENTION_MONTHS);
  const t = privacyMessages.for(requestLocale(c));
  const venue = tenant.name;
  return renderPage(
    c,
    t("title", { venue }),
    <main class="mx-auto max-w-xl space-y-4 p-4" lang={t.locale}>
      <h1 class="text-2xl font-semibold">{t("title", { venue })}</h1>
      <p>{t("held")}</p>
      <p>{t("why")}</p>
      <p data-testid="retention">{t.plural("retention", months)}</p>
      <p>{t("rights", { venue })}</p>
    </main>,
  );
});

export default app;
