import { Field } from "./Field.tsx";
import type { Locale } from "../lib/i18n/locales.ts";
import { customerMessages } from "../lib/i18n/messages/customer.ts";

/** "Find my place": posts to its own page, so a refusal stays at `/queue/recover`. */
export function RecoverForm(
  { tenantName, csrfToken, phone, message, fields, locale = "en" }: {
    tenantName: string;
    csrfToken: string;
    phone?: string;
    message?: string;
    fields?: Record<string, string>;
    locale?: Locale;
  },
) {
  const t = customerMessages.for(locale);
  const firstError = ["customerPhone", "verificationCode"].find((name) => fields?.[name]);
  return (
    <main class="mx-auto max-w-md px-4 py-8">
      <p class="text-sm font-medium text-slate-600">{tenantName}</p>
      <h1 class="mt-1 text-2xl font-bold">{t("recover.title")}</h1>
      <p class="mt-2 text-slate-600">{t("recover.intro")}</p>
      <form method="post" action="/queue/recover" class="mt-6" novalidate>
        <input type="hidden" name="_csrf" value={csrfToken} />
        {message && (
          <p
            role="alert"
            class="mb-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800"
            tabIndex={firstError ? undefined : -1}
            autofocus={!firstError}
          >
            {message}
          </p>
        )}
        <Field
          name="customerPhone"
          label={t("join.phone")}
          value={phone}
          error={fields?.customerPhone}
          autofocus={firstError === "customerPhone"}
          inputProps={{ type: "tel", autocomplete: "tel", inputMode: "tel", required: true }}
        />
        <Field
          name="verificationCode"
          label={t("recover.code")}
          error={fields?.verificationCode}
          autofocus={firstError === "verificationCode"}
          inputProps={{
            inputMode: "numeric",
            autocomplete: "one-time-code",
            maxLength: 4,
            required: true,
          }}
        />
        <button
          type="submit"
          class="w-full rounded-lg bg-indigo-600 px-4 py-3 font-semibold text-white"
        >
          {t("recover.submit")}
        </button>
        <p class="mt-6 text-center text-sm">
          <a href="/" class="underline">{t("home.title")}</a>
        </p>
      </form>
    </main>
  );
}
