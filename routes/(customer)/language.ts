import { Hono } from "hono";
import { z } from "zod";
import type { TenantEnv } from "../../lib/http/app_env.ts";
import { rememberLocale } from "../../lib/http/customer_locale.ts";
import { readBody, validate } from "../../lib/http/input.ts";
import { safeNextPath } from "../../lib/http/safe_next.ts";
import { LOCALES } from "../../lib/i18n/locales.ts";
import { setEntryLocale } from "../../lib/queue/entry_locale.ts";

const LanguageChoiceSchema = z.object({
  locale: z.enum(LOCALES, { error: "Choose English, Bahasa Melayu or 简体中文" }),
  back: z.string().max(2000).optional(),
});

const STATUS_PAGE = /^\/queue\/status\/([A-Za-z0-9_-]{32})$/;

/**
 * `POST /language`: the switcher on every customer page. Remembers the choice and goes back to
 * the page it came from; on a ticket's page, that ticket's messages switch language too.
 */
const app = new Hono<TenantEnv>();

app.post("/", async function chooseLanguage(c) {
  const input = validate(LanguageChoiceSchema, await readBody(c));
  rememberLocale(c, input.locale);
  const back = safeNextPath(input.back, "/");
  const ticket = STATUS_PAGE.exec(back)?.[1];
  if (ticket) await setEntryLocale(c.get("scope"), ticket, input.locale);
  return c.redirect(back, 303);
});

export default app;
