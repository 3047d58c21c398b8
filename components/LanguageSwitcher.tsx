import { type Locale, LOCALE_NAMES, LOCALES } from "../lib/i18n/locales.ts";
import { commonMessages } from "../lib/i18n/messages/common.ts";
import { LANG_ATTRIBUTES } from "../lib/http/customer_locale.ts";

/**
 * One button per language, each naming its language in itself; a plain form, so it works
 * without JavaScript. The choice is remembered (a cookie) and the visitor comes back here.
 */
export function LanguageSwitcher(
  { locale, csrfToken, back }: { locale: Locale; csrfToken: string; back: string },
) {
  const t = commonMessages.for(locale);
  return (
    <form
      method="post"
      action="/language"
      class="mx-auto flex max-w-md flex-wrap items-center justify-end gap-1 px-4 pt-3 text-sm"
      aria-label={t("language.label")}
    >
      <input type="hidden" name="_csrf" value={csrfToken} />
      <input type="hidden" name="back" value={back} />
      {LOCALES.map((l) => (
        <button
          key={l}
          type="submit"
          name="locale"
          value={l}
          lang={LANG_ATTRIBUTES[l]}
          aria-pressed={l === locale ? "true" : "false"}
          class={`rounded-full px-3 py-1 ${
            l === locale
              ? "bg-slate-800 font-semibold text-white"
              : "text-slate-700 underline hover:bg-slate-200"
          }`}
        >
          {LOCALE_NAMES[l]}
        </button>
      ))}
    </form>
  );
}
