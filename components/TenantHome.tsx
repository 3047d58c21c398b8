import type { QueueListing } from "../lib/queue/queue_list.ts";
import type { Locale } from "../lib/i18n/locales.ts";
import { customerMessages } from "../lib/i18n/messages/customer.ts";
import { JoinForm, type JoinFormState } from "./JoinForm.tsx";

export interface TenantHomeProps {
  tenantName: string;
  queues: QueueListing[];
  /** This phone's live tickets here, so a returning customer finds their place. */
  remembered?: Array<{ ticketNumber: string; sessionId: string; status: string }>;
  csrfToken: string;
  /** The queue whose form failed, with what was entered and what was wrong. */
  failed?: { queueId: string; state: JoinFormState };
  locale?: Locale;
}

function waitText(q: QueueListing, t: ReturnType<typeof customerMessages.for>): string {
  if (q.waitingCount === 0) return t("home.noWait");
  return `${t.plural("home.waiting", q.waitingCount)} · ${
    t("home.about", { minutes: q.estimatedWaitTime })
  }`;
}

export function TenantHome(
  { tenantName, queues, remembered, csrfToken, failed, locale = "en" }: TenantHomeProps,
) {
  const t = customerMessages.for(locale);
  // A refused form whose queue is gone from the list (closed meanwhile, or the list could not
  // be read) still comes back, with what was typed.
  const orphan = failed && !queues.some((q) => q.id === failed.queueId);
  return (
    <main class="mx-auto max-w-md px-4 py-8">
      <h1 class="text-2xl font-bold">{tenantName}</h1>
      {remembered?.map((r) => (
        <a
          key={r.sessionId}
          href={`/queue/status/${r.sessionId}`}
          class="mt-4 block rounded-xl bg-emerald-50 p-4 text-emerald-900 ring-1 ring-emerald-200"
        >
          <span class="block font-semibold">
            {r.status === "called" ? t("home.yourTurn") : t("home.inQueue")} · {r.ticketNumber}
          </span>
          <span class="text-sm underline">{t("home.seePlace")}</span>
        </a>
      ))}
      {orphan && (
        <section class="mt-6 rounded-xl bg-white p-5 shadow-sm" aria-label={t("home.title")}>
          <JoinForm
            queueId={failed.queueId}
            csrfToken={csrfToken}
            state={failed.state}
            locale={locale}
          />
        </section>
      )}
      {queues.length === 0 && !orphan && <p class="mt-6 text-slate-600">{t("home.none")}</p>}
      {queues.map((q) => (
        <section
          key={q.id}
          class="mt-6 rounded-xl bg-white p-5 shadow-sm"
          aria-labelledby={`q-${q.id}`}
        >
          <h2 id={`q-${q.id}`} class="text-lg font-semibold">{q.name}</h2>
          {q.description && <p class="text-sm text-slate-600">{q.description}</p>}
          <p class="mt-2 text-sm font-medium text-indigo-700" data-testid="wait">
            {waitText(q, t)}
          </p>
          {q.acceptingCustomers || failed?.queueId === q.id
            ? (
              <JoinForm
                queueId={q.id}
                serviceTypes={q.serviceTypes}
                csrfToken={csrfToken}
                state={failed?.queueId === q.id ? failed.state : undefined}
                locale={locale}
              />
            )
            : <p class="mt-4 text-slate-600">{t("home.closed")}</p>}
        </section>
      ))}
      <p class="mt-8 text-center text-sm text-slate-600">
        {t("home.lost")} <a href="/queue/recover" class="underline">{t("recover.title")}</a>
      </p>
    </main>
  );
}
