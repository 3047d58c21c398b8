import type { PosterText } from "../../lib/poster/poster.ts";
import { INTL_TAGS } from "../../lib/i18n/locales.ts";

export interface PosterPageProps {
  tenantName: string;
  queueName: string;
  queueId: string;
  url: string;
  /** The QR code as SVG markup made by the QR library from `url`. */
  qrSvgMarkup: string;
  texts: PosterText[];
  size: "a4" | "a5";
}

/**
 * A printable poster for a queue's door or table: the business, the queue, a large QR code of
 * its join page and the call to scan in each language. The print styles drop the toolbar and
 * size the sheet (A4 or A5).
 */
export function PosterPage(
  { tenantName, queueName, queueId, url, qrSvgMarkup, texts, size }: PosterPageProps,
) {
  const [first, ...others] = texts;
  return (
    <div class={`poster-${size} min-h-screen bg-slate-100 print:bg-white`}>
      <nav class="no-print flex flex-wrap items-center gap-3 bg-slate-900 px-4 py-3 text-sm text-white">
        <a href="/dashboard/queues" class="underline">Back to queues</a>
        <span class="text-slate-300">Paper:</span>
        <a
          href={`/dashboard/queues/${queueId}/poster?size=a4`}
          class="underline"
          aria-current={size === "a4" ? "page" : undefined}
        >
          A4
        </a>
        <a
          href={`/dashboard/queues/${queueId}/poster?size=a5`}
          class="underline"
          aria-current={size === "a5" ? "page" : undefined}
        >
          A5
        </a>
        <a href={`/dashboard/queues/${queueId}/poster.svg`} download class="underline">
          Download poster (SVG)
        </a>
        <a href={`/dashboard/queues/${queueId}/qr.png`} download class="underline">
          Download QR code (PNG)
        </a>
        <span class="text-slate-300">Print with your browser (Ctrl+P / ⌘P).</span>
      </nav>
      <main class="poster-sheet mx-auto my-6 flex flex-col items-center bg-white p-10 text-center shadow print:my-0 print:shadow-none">
        <h1 class="text-4xl font-black">{tenantName}</h1>
        <p class="mt-2 text-2xl font-semibold text-slate-700" data-testid="poster-queue">
          {queueName}
        </p>
        {first && <p class="mt-6 text-3xl font-bold" lang={INTL_TAGS[first.locale]}>{first.scan}
        </p>}
        <div
          class="poster-qr mt-4 w-3/4 max-w-md"
          data-testid="poster-qr"
          role="img"
          aria-label={`QR code: ${url}`}
          // deno-lint-ignore react-no-danger -- markup made by the QR library from our own URL
          dangerouslySetInnerHTML={{ __html: qrSvgMarkup }}
        />
        {first && (
          <p class="mt-4 max-w-lg text-lg" lang={INTL_TAGS[first.locale]}>
            {first.steps} {first.noApp}
          </p>
        )}
        <ul class="mt-6 grid gap-2">
          {others.map((t) => (
            <li key={t.locale} lang={INTL_TAGS[t.locale]} class="text-base text-slate-700">
              <span class="font-semibold">{t.scan}</span> · {t.noApp}
            </li>
          ))}
        </ul>
        <p class="mt-6 break-all text-sm text-slate-600">
          {first?.orVisit ?? "Or open"} <span data-testid="poster-url">{url}</span>
        </p>
      </main>
    </div>
  );
}
