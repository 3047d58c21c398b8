import type { Context } from "hono";
import { TenantHome } from "../../components/TenantHome.tsx";
import { CustomerBrand } from "../../components/CustomerBrand.tsx";
import { tenantBranding } from "../merchant/branding.ts";
import type { Locale } from "../i18n/locales.ts";
import { customerMessages } from "../i18n/messages/customer.ts";
import { joinQueue } from "../queue/join.ts";
import { listRememberedEntries } from "../queue/customer_actions.ts";
import type { QueueListing } from "../queue/queue_list.ts";
import { JoinQueueSchema, UuidSchema } from "../queue/queue_schema.ts";
import type { JoinFormState } from "../../components/JoinForm.tsx";
import type { TenantEnv } from "./app_env.ts";
import { requestLocale } from "./customer_locale.ts";
import { renderCachedCustomerPage, renderCustomerPage } from "./customer_page.tsx";
import { customerRefusal } from "./customer_refusal.ts";
import { asHttpError } from "./error_map.ts";
import { HttpError } from "./errors.ts";
import { typedValues } from "./form_refusal.ts";
import { validate } from "./input.ts";
import { checkJoinAllowance, countJoin } from "./rate_limit_middleware.ts";
import type { PageStatus } from "./render.tsx";
import { readRememberedTickets, rememberTicket } from "./remembered_tickets.ts";

const PAGE_STATUSES: readonly PageStatus[] = [400, 403, 404, 409, 413, 422, 429, 500, 503];

/**
 * The tenant's home page: its open queues with a join form each. A refused join comes back
 * here with its message and what was typed, even when the queues cannot be read just now (the
 * database is down): then the refused form alone.
 */
export async function renderHomePage(
  c: Context<TenantEnv>,
  options: { failed?: { queueId: string; state: JoinFormState }; status?: PageStatus } = {},
): Promise<Response> {
  const tenant = c.get("tenant");
  const locale = requestLocale(c);
  let queues: QueueListing[] = [];
  let remembered: Awaited<ReturnType<typeof listRememberedEntries>> = [];
  try {
    [queues, remembered] = await Promise.all([
      c.get("deps").reads.listing(tenant.id),
      c.get("deps").reads.remembered(tenant.id, readRememberedTickets(c)),
    ]);
  } catch (err) {
    if (!options.failed) throw err;
  }
  const branding = await tenantBranding(c.get("deps").db, tenant.id).catch(() => null);
  const build = (csrfToken: string) => ({
    title: `${tenant.name} · ${customerMessages.for(locale)("home.title")}`,
    body: (
      <>
        <CustomerBrand branding={branding} tenantName={tenant.name} />
        <TenantHome
          tenantName={tenant.name}
          queues={queues}
          remembered={remembered}
          csrfToken={csrfToken}
          failed={options.failed}
          locale={locale}
        />
      </>
    ),
  });
  if (!options.failed && options.status === undefined) {
    // The page a visitor gets: rendered once per listing, branding and remembered tickets.
    const rememberedKey = remembered.map((r) => `${r.sessionId}:${r.ticketNumber}:${r.status}`)
      .join(" ");
    return renderCachedCustomerPage(c, "home", [queues, branding, rememberedKey], build, {
      locale,
      back: "/",
    });
  }
  const { title, body } = build(c.get("csrfToken"));
  return renderCustomerPage(c, title, body, { status: options.status, locale, back: "/" });
}

/**
 * A join as the form submits it: to the ticket's page when it went through; otherwise the page
 * again, at the same address, with the refusal (invalid input, full queue, rate limit, server
 * or database failure) in the customer's language and everything they typed.
 */
export async function joinWithForm(
  c: Context<TenantEnv>,
  queueId: unknown,
  body: Record<string, unknown>,
): Promise<Response> {
  const locale: Locale = requestLocale(c);
  const id = typeof queueId === "string" ? queueId : "";
  try {
    const queue = validate(UuidSchema, id);
    await checkJoinAllowance(c);
    const input = validate(JoinQueueSchema, body);
    const result = await joinQueue(c.get("scope"), queue, input, {
      platform: "web",
      knownSessionIds: readRememberedTickets(c),
      locale,
      callingCode: c.get("deps").config.PHONE_COUNTRY_CODE,
      view: (id, sessionId) => c.get("deps").reads.joinedEntry(c.get("tenant").id, id, sessionId),
    });
    if (result.created) await countJoin(c);
    rememberTicket(c, result.entry.sessionId);
    return c.redirect(`/queue/status/${result.entry.sessionId}`, 303);
  } catch (caught) {
    let err = asHttpError(caught);
    if (!err) {
      c.get("deps").log("error", "join failed", {
        requestId: c.get("requestId"),
        tenant: c.get("tenant").slug,
        error: String(caught),
        stack: caught instanceof Error ? caught.stack : undefined,
      });
      err = new HttpError(500, "Something went wrong on our side; please try again");
    }
    for (const [k, v] of Object.entries(err.options.headers ?? {})) c.header(k, v);
    const { queueId: _, ...values } = typedValues(body);
    const refusal = customerRefusal(err, caught, locale);
    const status = PAGE_STATUSES.find((s) => s === err.status) ?? 400;
    return await renderHomePage(c, {
      failed: { queueId: id, state: { values, ...refusal } },
      status,
    });
  }
}
