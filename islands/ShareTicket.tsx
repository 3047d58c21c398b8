import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { Locale } from "../lib/i18n/locales.ts";
import { statusMessages } from "../lib/i18n/messages/status.ts";

export interface ShareTicketProps {
  /** The ticket page's full address. */
  url: string;
  /** The 4-digit code that finds the place again with the phone number. */
  code: string | null;
  locale: Locale;
  title: string;
}

/**
 * Keeping the ticket: its code, explained, and its link to save or share (the phone's share
 * sheet where there is one, else copy). Without JavaScript the link is there to copy by hand.
 */
export default function ShareTicket({ url, code, locale, title }: ShareTicketProps) {
  const t = statusMessages.for(locale);
  const canShare = useSignal(false);
  const said = useSignal("");
  useEffect(() => {
    canShare.value = typeof navigator.share === "function";
  }, []);

  async function share() {
    try {
      await navigator.share({ title, url });
    } catch {
      // the customer closed the share sheet: nothing to say
    }
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      said.value = t("share.copied");
    } catch {
      said.value = t("share.failed");
    }
  }

  return (
    <section class="mt-4 rounded-2xl bg-white p-4 shadow-sm" data-testid="share-ticket">
      {code && (
        <div class="mb-4">
          <p class="text-sm font-semibold">
            {t("code.label")}:{" "}
            <span class="font-mono text-lg tracking-widest" data-testid="code">{code}</span>
          </p>
          <p class="mt-1 text-sm text-slate-700">{t("code.explain")}</p>
        </div>
      )}
      <h2 class="text-sm font-semibold">{t("share.title")}</h2>
      <p class="mt-1 text-sm text-slate-700">{t("share.explain")}</p>
      <input
        type="text"
        readOnly
        value={url}
        aria-label={t("share.title")}
        class="mt-2 block w-full rounded-lg border border-slate-300 bg-slate-50 px-3 py-2 text-sm"
        data-testid="share-url"
        onFocus={(e) => (e.target as HTMLInputElement).select()}
      />
      <div class="mt-2 flex gap-2">
        {canShare.value && (
          <button
            type="button"
            onClick={share}
            class="flex-1 rounded-lg bg-indigo-600 px-3 py-2 font-semibold text-white"
          >
            {t("share.button")}
          </button>
        )}
        <button
          type="button"
          onClick={copy}
          class="flex-1 rounded-lg bg-slate-200 px-3 py-2 font-semibold text-slate-900"
        >
          {t("share.copy")}
        </button>
      </div>
      <p role="status" class="mt-2 text-sm text-slate-700" data-testid="share-said">{said.value}</p>
    </section>
  );
}
