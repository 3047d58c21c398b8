import { useEffect } from "preact/hooks";

export interface FormAssistProps {
  /** Move focus to the first field in error (a refused form came back). */
  focusError?: boolean;
}

/** Keeps one "n of max characters" counter current, and says so when the limit is reached. */
function followCounter(counter: HTMLElement): () => void {
  const field = document.getElementById(counter.dataset.countFor ?? "");
  const max = Number(counter.dataset.countMax);
  if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) || !max) {
    return () => {};
  }
  const update = () => {
    const length = field.value.length;
    counter.textContent = length >= max
      ? `${length} of ${max} characters: that is the most it takes`
      : `${length} of ${max} characters`;
  };
  field.addEventListener("input", update);
  update();
  return () => field.removeEventListener("input", update);
}

/**
 * The little a staff form needs from a script, for every form on the page: after a refused
 * submit, focus lands on the first field in error (so a keyboard or screen-reader user starts
 * where the problem is); limited fields count their characters as one types. Renders nothing;
 * without JavaScript the forms work as before, with the counters as the server rendered them.
 */
export default function FormAssist({ focusError = true }: FormAssistProps) {
  useEffect(() => {
    if (focusError) {
      const first = document.querySelector<HTMLElement>(
        'main [aria-invalid="true"]:not([type="hidden"])',
      );
      const alert = document.querySelector<HTMLElement>('main [role="alert"]');
      if (first) {
        first.closest("details")?.setAttribute("open", "");
        first.focus();
      } else if (alert) {
        // A refusal without a field (a queue still in use): read the message first.
        alert.tabIndex = -1;
        alert.focus();
      }
    }
    const stops = [...document.querySelectorAll<HTMLElement>("[data-count-for]")].map(
      followCounter,
    );
    return () => stops.forEach((stop) => stop());
  }, []);
  return null;
}
