import type { ComponentChildren } from "preact";
import { islandsUsedSoFar, serializeProps } from "../lib/islands/server.ts";
import { usedTables } from "../lib/i18n/catalogue.ts";
import type { AssetUrls } from "../lib/build/assets.ts";
import { PAGE_AREAS, PAGE_MESSAGES_ID } from "../lib/i18n/page_catalogue.ts";

export interface LayoutProps {
  title: string;
  nonce: string;
  css: string;
  boot: string;
  /** Page bundles (`AssetUrls.bundles`); none: every page loads `boot`. */
  bundles?: AssetUrls["bundles"];
  /** The page's language (`lang`); English unless a customer page chose another. */
  lang?: string;
  /** Shown above the page (the customer pages' language switcher). */
  header?: ComponentChildren;
  children: ComponentChildren;
  /** The platform's maintenance banner, above every tenant page. */
  banner?: string | null;
  /** Customer pages: the words of a footer link to the venue's `/privacy` note. */
  privacyLink?: string;
}

/**
 * Loads the island boot module only when the page rendered an island, after the messages its
 * islands read from the page (the page's locale only; see `lib/i18n/page_catalogue.ts`).
 */
function IslandBoot(
  { nonce, boot, bundles }: { nonce: string; boot: string; bundles: AssetUrls["bundles"] },
) {
  const used = islandsUsedSoFar();
  if (used.size === 0) return null;
  const tables = usedTables(PAGE_AREAS);
  // A page whose islands are all in one page bundle loads that one script.
  const bundle = Object.values(bundles).find((b) => [...used].every((i) => b.islands.includes(i)));
  return (
    <>
      {tables && (
        <script
          type="application/json"
          id={PAGE_MESSAGES_ID}
          dangerouslySetInnerHTML={{ __html: serializeProps(tables) }}
        />
      )}
      <script type="module" src={bundle?.url ?? boot} nonce={nonce}></script>
    </>
  );
}

export function Layout(
  { title, nonce, css, boot, bundles = {}, lang = "en", header, children, banner, privacyLink }:
    LayoutProps,
) {
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <title>{title}</title>
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href={css} />
      </head>
      <body class="min-h-screen bg-slate-50 text-slate-900 antialiased">
        {banner && (
          <div role="status" class="bg-amber-100 px-4 py-2 text-center text-sm text-amber-900">
            {banner}
          </div>
        )}
        {header}
        {children}
        {privacyLink && (
          <footer class="p-4 text-center text-sm">
            <a href="/privacy" class="text-slate-600 underline">{privacyLink}</a>
          </footer>
        )}
        <IslandBoot nonce={nonce} boot={boot} bundles={bundles} />
      </body>
    </html>
  );
}
