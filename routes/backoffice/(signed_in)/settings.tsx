import { type Context, Hono } from "hono";
import type { BackofficeEnv } from "../../../lib/http/app_env.ts";
import { isFormPost, readBody, validate } from "../../../lib/http/input.ts";
import { renderPage } from "../../../lib/http/render.tsx";
import { wantsJson } from "../../../lib/http/request_context.ts";
import { refusalOf, typedValues } from "../../../lib/http/form_refusal.ts";
import { backofficeScope } from "../../../lib/http/backoffice_scope.ts";
import {
  loadPlatformSettings,
  savePlatformSettings,
} from "../../../lib/backoffice/platform_settings.ts";
import { PlatformSettingsSchema } from "../../../lib/backoffice/platform_settings_schema.ts";
import { FLAG_NAMES, PLANS } from "../../../lib/backoffice/plan_terms.ts";
import { BackofficeShell } from "../../../components/backoffice/BackofficeShell.tsx";
import { SettingsPage } from "../../../components/backoffice/SettingsPage.tsx";

/** `/backoffice/settings`: the platform's settings and plan defaults, audited. */
const app = new Hono<BackofficeEnv>();

async function page(
  c: Context<BackofficeEnv>,
  form: { values?: Record<string, string>; fields?: Record<string, string>; message?: string } = {},
  status: 200 | 422 = 200,
) {
  const settings = await loadPlatformSettings(c.get("deps").db);
  return renderPage(
    c,
    "Settings · Back office",
    <BackofficeShell
      adminName={c.get("admin").fullName}
      csrfToken={c.get("csrfToken")}
      current="/backoffice/settings"
      title="Settings"
    >
      <SettingsPage
        settings={settings}
        csrfToken={c.get("csrfToken")}
        ok={c.req.query("saved") ? "Saved." : undefined}
        {...form}
      />
    </BackofficeShell>,
    status,
  );
}

/** The form's flat `plans.FREE.maxMerchants` names as the nested settings; unticked = off. */
export function settingsFromForm(body: Record<string, unknown>): Record<string, unknown> {
  const plans: Record<string, Record<string, unknown>> = {};
  const top: Record<string, unknown> = {};
  for (const plan of PLANS) {
    plans[plan] = {};
    for (const flag of FLAG_NAMES) plans[plan][flag] = "false";
  }
  for (const [key, value] of Object.entries(body)) {
    const m = key.match(/^plans\.(\w+)\.(\w+)$/);
    if (m && plans[m[1]!]) plans[m[1]!]![m[2]!] = value;
    else if (!m) top[key] = value;
  }
  return { ...top, plans };
}

app.get("/", async function settingsShow(c) {
  if (wantsJson(c)) return c.json({ settings: await loadPlatformSettings(c.get("deps").db) });
  return await page(c);
});

for (const method of ["post", "put"] as const) {
  app[method]("/", async function settingsSave(c) {
    const body = await readBody(c);
    const scope = backofficeScope(c);
    if (!isFormPost(c)) {
      const saved = await savePlatformSettings(scope, validate(PlatformSettingsSchema, body));
      return c.json({ settings: saved });
    }
    const err = await refusalOf(
      () => savePlatformSettings(scope, validate(PlatformSettingsSchema, settingsFromForm(body))),
      [422],
    );
    if (err) {
      return await page(
        c,
        { values: typedValues(body), fields: err.options.fields, message: err.message },
        422,
      );
    }
    return c.redirect("/backoffice/settings?saved=1", 303);
  });
}

export default app;
