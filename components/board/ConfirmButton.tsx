import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { BUTTON } from "./buttons.ts";

const ARMED_MS = 4000;
/** A second tap sooner than this is a bounce or a double tap, not a decision. */
const MIN_CONFIRM_MS = 350;

export interface ConfirmButtonProps {
  /** What the button says, e.g. "Cancel". */
  label: string;
  /** What it is for, read by screen readers, e.g. "Cancel A003". */
  name: string;
  busy: boolean;
  onConfirm: () => void;
  /** Its looks before and after the first tap (the dense list's are smaller). */
  look?: { danger: string; armed: string };
}

/**
 * A destructive action that needs two taps: the first turns the button into "Sure? …" for a
 * few seconds, the second does it. Tapping elsewhere, Escape or waiting puts it back.
 */
export function ConfirmButton(
  { label, name, busy, onConfirm, look = BUTTON }: ConfirmButtonProps,
) {
  const armedAt = useSignal<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);

  function disarm() {
    clearTimeout(timer.current);
    armedAt.value = null;
  }

  function onClick() {
    if (busy) return;
    const at = armedAt.value;
    if (at === null) {
      armedAt.value = Date.now();
      clearTimeout(timer.current);
      timer.current = setTimeout(disarm, ARMED_MS);
    } else if (Date.now() - at >= MIN_CONFIRM_MS) {
      disarm();
      onConfirm();
    }
  }

  const armed = armedAt.value !== null;
  return (
    <button
      type="button"
      class={armed ? look.armed : look.danger}
      aria-label={armed ? `Sure? ${name}` : name}
      aria-disabled={busy || undefined}
      data-armed={armed || undefined}
      onClick={onClick}
      onBlur={disarm}
      onKeyDown={(e) => {
        if (e.key === "Escape" && armed) {
          e.stopPropagation();
          disarm();
        }
      }}
    >
      {armed ? `Sure? ${label}` : label}
    </button>
  );
}

/** The two ways a party leaves the line without being served, each behind a second tap. */
export function EndButtons(
  { ticket, busy, onEnd }: {
    ticket: string;
    busy: boolean;
    onEnd: (action: "no-show" | "cancel") => void;
  },
) {
  return (
    <>
      <ConfirmButton
        label="No-show"
        name={`No-show ${ticket}`}
        busy={busy}
        onConfirm={() => onEnd("no-show")}
      />
      <ConfirmButton
        label="Cancel"
        name={`Cancel ${ticket}`}
        busy={busy}
        onConfirm={() => onEnd("cancel")}
      />
    </>
  );
}
