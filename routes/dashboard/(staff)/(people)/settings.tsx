import { refusalOf, typedValues } from "../../../../lib/http/form_refusal.ts";
import { type Context, Hono } from "hono";
import type { StaffEnv } from "../../../../lib/http/app_env.ts";
import { readBody, validate } from "../../../../lib/http/input.ts";
import { renderPage } from "../../../../lib/http/render.tsx";
import {
  BusinessSettingsSchema,
  getBusinessSettings,
  getPlanSummary,
  TIME_ZONES,
  updateBusinessSettings,
} from "../../../../lib/merchant/settings.ts";
import { SettingsPage, type SettingsPageProps } from "../../../../components/SettingsPage.tsx";
import { StaffShell } from "../../../../components/StaffShell.tsx";
import { ChatTemplatesForm } from "../../../../components/ChatTemplatesForm.tsx";
import { getChatTemplates } from "../../../../lib/chat/chat_templates.ts";
import {
  notificationFormInput,
  type NotificationFormProps,
  NotificationSettingsForm,
} from "../../../../components/NotificationSettingsForm.tsx";
import { MessagingWebhooks } from "../../../../components/MessagingWebhooks.tsx";
import { messagingWebhooks } from "../../../../lib/conversation/webhook_urls.ts";
import {
  channelAvailability,
  getNotificationSettings,
  NotificationSettingsSchema,
  updateNotificationSettings,
} from "../../../../lib/notify/settings.ts";

/** `/dashboard/settings`: OWNER and ADMIN edit the business; OWNER also sees the plan. */
const app = new Hono<StaffEnv>();

async function page(
  c: Context<StaffEnv>,
  error?: SettingsPageProps["error"],
  status: 200 | 422 = 200,
  notifyError?: NotificationFormProps["error"],
) {
  const tenant = c.get("tenant");
  const staff = c.get("staff");
  const settings = await getBusinessSettings(c.get("scope"));
  const plan = staff.role === "OWNER" ? await getPlanSummary(c.get("scope")) : null;
  const chatTemplates = await getChatTemplates(c.get("scope"));
  const notify = await getNotificationSettings(c.get("scope"));
  return renderPage(
    c,
    `Settings · ${tenant.name}`,
    <StaffShell
      tenantName={tenant.name}
      staffName={staff.fullName}
      csrfToken={c.get("csrfToken")}
      canManage
    >
      <SettingsPage
        settings={settings}
        plan={plan}
        csrfToken={c.get("csrfToken")}
        timeZones={TIME_ZONES}
        customBranding={(plan ?? await getPlanSummary(c.get("scope"))).customBranding}
        notice={c.req.query("saved") === "1" ? "Saved." : undefined}
        error={error}
      />
      <div class="mt-6 grid gap-6 md:grid-cols-3">
        <NotificationSettingsForm
          settings={notify}
          channels={channelAvailability(c.get("deps").config, notify)}
          csrfToken={c.get("csrfToken")}
          error={notifyError}
        />
        <ChatTemplatesForm
          templates={chatTemplates}
          csrfToken={c.get("csrfToken")}
          saved={c.req.query("saved") === "chat-templates"}
        />
      </div>
      <MessagingWebhooks hooks={messagingWebhooks(c.get("deps").config)} />
    </StaffShell>,
    status,
  );
}

app.get("/", (c) => page(c));

app.post("/", async (c) => {
  const body = await readBody(c);
  const err = await refusalOf(
    () => updateBusinessSettings(c.get("scope"), validate(BusinessSettingsSchema, body)),
    [422],
  );
  if (err) {
    const values = typedValues(body);
    return await page(c, { message: err.message, fields: err.options.fields, values }, 422);
  }
  // The customer pages read the default language from the cached tenant: apply it now.
  await c.get("deps").tenants.invalidate();
  return c.redirect("/dashboard/settings?saved=1", 303);
});

app.post("/notifications", async (c) => {
  const fields = await readBody(c);
  const err = await refusalOf(
    () =>
      updateNotificationSettings(
        c.get("scope"),
        validate(NotificationSettingsSchema, notificationFormInput(fields)),
      ),
    [422],
  );
  if (err) {
    return await page(c, undefined, 422, {
      message: err.message,
      fields: err.options.fields,
      values: typedValues(fields),
    });
  }
  return c.redirect("/dashboard/settings?saved=1#notifications", 303);
});

export default app;
