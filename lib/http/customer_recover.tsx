import type { Context } from "hono";
import { RecoverForm } from "../../components/RecoverForm.tsx";
import { customerMessages } from "../i18n/messages/customer.ts";
import { RecoverSchema } from "../queue/queue_schema.ts";
import type { TenantEnv } from "./app_env.ts";
import { requestLocale } from "./customer_locale.ts";
import { renderCustomerPage } from "./customer_page.tsx";
import { customerRefusal } from "./customer_refusal.ts";
import { asHttpError } from "./error_map.ts";
import { HttpError } from "./errors.ts";
import { validate } from "./input.ts";
import { recoverWithLockout } from "./recover_lockout.ts";
import type { PageStatus } from "./render.tsx";
import { rememberTicket } from "./remembered_tickets.ts";

/** `/queue/recover` in the visitor's language, with a refusal and the phone typed, if any. */
export function renderRecoverPage(
  c: Context<TenantEnv>,
  refused?: { phone: string; message: string; fields?: Record<string, string> },
  status: PageStatus = 200,
): Response {
  const tenant = c.get("tenant");
  const locale = requestLocale(c);
  return renderCustomerPage(
    c,
    `${customerMessages.for(locale)("recover.title")} · ${tenant.name}`,
    <RecoverForm
      tenantName={tenant.name}
      csrfToken={c.get("csrfToken")}
      phone={refused?.phone}
      message={refused?.message}
      fields={refused?.fields}
      locale={locale}
    />,
    { status, locale, back: "/queue/recover" },
  );
}

const PAGE_STATUSES: readonly PageStatus[] = [400, 404, 422, 429, 500, 503];

/**
 * Finding a lost ticket as the form submits it: to the ticket's page, or the form again at the
 * same address with the refusal (wrong code, locked phone, database down) and the phone kept.
 */
export async function recoverWithForm(
  c: Context<TenantEnv>,
  body: Record<string, unknown>,
): Promise<Response> {
  try {
    const input = validate(RecoverSchema, body);
    const entry = await recoverWithLockout(c, input);
    rememberTicket(c, entry.sessionId);
    return c.redirect(`/queue/status/${entry.sessionId}`, 303);
  } catch (caught) {
    let err = asHttpError(caught);
    if (!err) {
      c.get("deps").log("error", "recover failed", {
        requestId: c.get("requestId"),
        error: String(caught),
        stack: caught instanceof Error ? caught.stack : undefined,
      });
      err = new HttpError(500, "Something went wrong on our side; please try again");
    }
    // A locked phone comes back on the form too, with the number and when to try again.
    for (const [k, v] of Object.entries(err.options.headers ?? {})) c.header(k, v);
    const refusal = customerRefusal(err, caught, requestLocale(c));
    const phone = typeof body.customerPhone === "string" ? body.customerPhone : "";
    const status = PAGE_STATUSES.find((s) => s === err.status) ?? 400;
    return renderRecoverPage(c, { phone, ...refusal }, status);
  }
}
