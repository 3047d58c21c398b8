/**
 * `deno bench bench/customer_page_bench.ts`: what every customer page request now adds, at ten
 * times today's size: choosing the language from a long `Accept-Language`, and rendering the home
 * page of 30 queues (the demo has 3) with its join forms and the language switcher, per language.
 */
import { renderToString } from "preact-render-to-string";
import { TenantHome } from "../components/TenantHome.tsx";
import { LanguageSwitcher } from "../components/LanguageSwitcher.tsx";
import { LOCALES, pickLocale } from "../lib/i18n/locales.ts";
import type { QueueListing } from "../lib/queue/queue_list.ts";

const QUEUES: QueueListing[] = Array.from({ length: 30 }, (_, i) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  name: `Queue ${i + 1}`,
  description: "Tables for two to six",
  acceptingCustomers: true,
  waitingCount: i * 3,
  estimatedWaitTime: i * 4,
  serviceTypes: [{ id: `10000000-0000-4000-8000-${String(i).padStart(12, "0")}`, name: "Dine-in" }],
}));

const LONG_HEADER = "fr-CH, fr;q=0.9, de;q=0.8, it;q=0.7, pt;q=0.6, es;q=0.5, ms;q=0.4, *;q=0.1";

Deno.bench("pickLocale: cookie, long Accept-Language, tenant default", () => {
  pickLocale({ cookie: null, acceptLanguage: LONG_HEADER, tenantDefault: "zh" });
});

for (const locale of LOCALES) {
  Deno.bench(`home page of 30 queues with the switcher (${locale})`, { group: "home" }, () => {
    renderToString(
      <>
        <LanguageSwitcher locale={locale} csrfToken="token" back="/" />
        <TenantHome tenantName="Demo Bistro" queues={QUEUES} csrfToken="token" locale={locale} />
      </>,
    );
  });
}
