import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { Locale } from "../lib/i18n/locales.ts";
import { customerMessages } from "../lib/i18n/messages/customer.ts";

export interface CharCounterProps {
  /** The id of the field it counts. */
  fieldId: string;
  max: number;
  /** The characters already in the field when the page was rendered. */
  initial: number;
  locale: Locale;
}

/** "12 of 500 characters" below a limited field, following what is typed. */
export default function CharCounter({ fieldId, max, initial, locale }: CharCounterProps) {
  const count = useSignal(initial);
  useEffect(() => {
    const field = document.getElementById(fieldId) as HTMLTextAreaElement | null;
    if (!field) return;
    const update = () => (count.value = field.value.length);
    update();
    field.addEventListener("input", update);
    return () => field.removeEventListener("input", update);
  }, [fieldId]);
  const near = count.value >= max * 0.9;
  return (
    <p
      class={`mt-1 text-right text-xs ${near ? "font-semibold text-red-700" : "text-slate-600"}`}
      data-testid="char-counter"
    >
      {customerMessages.for(locale)("join.counter", { count: count.value, max })}
    </p>
  );
}
