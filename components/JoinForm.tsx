import { Field } from "./Field.tsx";
import CharCounter from "../islands/CharCounter.tsx";
import type { Locale } from "../lib/i18n/locales.ts";
import { customerMessages } from "../lib/i18n/messages/customer.ts";

export interface JoinFormState {
  values?: Record<string, string>;
  fields?: Record<string, string>;
  message?: string;
}

const NOTES_MAX = 500;
/** The join form's fields in page order: the first in error takes the focus. */
const FIELD_ORDER = [
  "customerName",
  "customerPhone",
  "partySize",
  "serviceTypeId",
  "customerEmail",
  "notes",
];

/**
 * The customer's join form. It posts to the page it is on (`action`), with the queue in a
 * hidden field, so a refused join comes back at the same address. Every id carries the queue's
 * id: a page of several queues never repeats one.
 */
export function JoinForm(
  { queueId, csrfToken, state, serviceTypes = [], locale = "en", action = "/" }: {
    queueId: string;
    csrfToken: string;
    state?: JoinFormState;
    serviceTypes?: Array<{ id: string; name: string }>;
    locale?: Locale;
    action?: string;
  },
) {
  const t = customerMessages.for(locale);
  const v = state?.values ?? {};
  const f = state?.fields ?? {};
  const id = (name: string) => `q-${queueId}-${name}`;
  const firstError = FIELD_ORDER.find((name) => f[name]);
  const focus = (name: string) => name === firstError;
  return (
    <form method="post" action={action} class="mt-4" novalidate>
      <input type="hidden" name="_csrf" value={csrfToken} />
      <input type="hidden" name="queueId" value={queueId} />
      {state?.message && (
        <p
          role="alert"
          class="mb-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800"
          data-testid="join-refusal"
          tabIndex={firstError ? undefined : -1}
          autofocus={!firstError}
        >
          {state.message}
        </p>
      )}
      <Field
        id={id("customerName")}
        name="customerName"
        label={t("join.name")}
        value={v.customerName}
        error={f.customerName}
        autofocus={focus("customerName")}
        inputProps={{ autocomplete: "name", required: true, maxLength: 100 }}
      />
      <Field
        id={id("customerPhone")}
        name="customerPhone"
        label={t("join.phone")}
        value={v.customerPhone}
        error={f.customerPhone}
        autofocus={focus("customerPhone")}
        hint={t("join.phoneHint")}
        inputProps={{ type: "tel", autocomplete: "tel", inputMode: "tel", required: true }}
      />
      <Field
        id={id("partySize")}
        name="partySize"
        label={t("join.party")}
        value={v.partySize ?? "2"}
        error={f.partySize}
        autofocus={focus("partySize")}
        inputProps={{ type: "number", min: 1, max: 20, inputMode: "numeric", required: true }}
      />
      {serviceTypes.length > 0 && (
        <fieldset class="mb-4">
          <legend class="block text-sm font-medium text-slate-700">{t("join.what")}</legend>
          <div class="mt-1 flex flex-wrap gap-2">
            {serviceTypes.map((s, i) => (
              <label
                key={s.id}
                class="flex items-center gap-2 rounded-lg border border-slate-300 bg-white px-3 py-2"
              >
                <input
                  type="radio"
                  name="serviceTypeId"
                  value={s.id}
                  checked={v.serviceTypeId ? v.serviceTypeId === s.id : i === 0}
                  autofocus={focus("serviceTypeId") && i === 0}
                />
                {s.name}
              </label>
            ))}
          </div>
          {f.serviceTypeId && <p class="mt-1 text-sm text-red-700">{f.serviceTypeId}</p>}
        </fieldset>
      )}
      <Field
        id={id("customerEmail")}
        name="customerEmail"
        label={t("join.email")}
        value={v.customerEmail}
        error={f.customerEmail}
        autofocus={focus("customerEmail")}
        hint={t("join.emailHint")}
        inputProps={{ type: "email", autocomplete: "email", maxLength: 254 }}
      />
      <Field
        id={id("notes")}
        name="notes"
        label={t("join.notes")}
        value={v.notes}
        error={f.notes}
        autofocus={focus("notes")}
        multiline
        maxLength={NOTES_MAX}
        extra={
          <CharCounter
            fieldId={id("notes")}
            max={NOTES_MAX}
            initial={(v.notes ?? "").length}
            locale={locale}
          />
        }
      />
      <button
        type="submit"
        class="w-full rounded-lg bg-indigo-600 px-4 py-3 text-base font-semibold text-white hover:bg-indigo-700"
      >
        {t("join.submit")}
      </button>
    </form>
  );
}
