import type { Locale } from "../lib/i18n/locales.ts";
import { commonMessages } from "../lib/i18n/messages/common.ts";
import { refusalMessages } from "../lib/i18n/messages/refusals.ts";

type HeadingKey = "heading.404" | "heading.429" | "heading.503" | "heading.500" | "heading.other";

function headingKey(status: number): HeadingKey {
  if (status === 404 || status === 429 || status === 503) return `heading.${status}`;
  return status >= 500 ? "heading.500" : "heading.other";
}

/** An error page, in the visitor's language, with a way home (`home`: the area's start). */
export function ErrorPage(
  { status, message, locale = "en", home = "/" }: {
    status: number;
    message: string;
    locale?: Locale;
    home?: string;
  },
) {
  return (
    <main class="mx-auto max-w-md px-4 py-16 text-center">
      <p class="text-sm font-semibold text-slate-600">{status}</p>
      <h1 class="mt-2 text-2xl font-bold">{refusalMessages.for(locale)(headingKey(status))}</h1>
      <p class="mt-4 text-slate-600">{message}</p>
      <p class="mt-8">
        <a
          href={home}
          class="inline-block rounded-lg bg-indigo-600 px-4 py-2 font-semibold text-white"
          data-testid="home-link"
        >
          {commonMessages.for(locale)("home.link")}
        </a>
      </p>
    </main>
  );
}
