import type { ComponentChildren, JSX } from "preact";

export interface FieldProps {
  name: string;
  label: string;
  /** The element id; unique on the page (a page with one form per queue prefixes it). */
  id?: string;
  value?: string;
  error?: string;
  hint?: string;
  inputProps?: JSX.InputHTMLAttributes<HTMLInputElement>;
  multiline?: boolean;
  /** The first field in error takes the focus when the page opens. */
  autofocus?: boolean;
  /** A textarea's limit (500 by default). */
  maxLength?: number;
  /** Shows "n of max characters" under a length-limited field (kept current by FormAssist). */
  counter?: boolean;
  /** Shown below the field and read with it (a character counter); its element's id is `${id}-extra`. */
  extra?: ComponentChildren;
}

/** The most a multiline field takes (notes). */
const MULTILINE_MAX = 500;

/** "12 of 100 characters": kept current as one types by the FormAssist island. */
function Counter({ id, length, max }: { id: string; length: number; max: number }) {
  return (
    <p
      id={`${id}-count`}
      class="mt-1 text-xs text-slate-600 tabular-nums"
      data-count-for={id}
      data-count-max={max}
    >
      {length} of {max} characters
    </p>
  );
}

/**
 * A labelled input with its error message tied to it for screen readers, and a character
 * counter when its length is limited.
 */
export function Field(props: FieldProps) {
  const { name, label, value, error, hint, inputProps, multiline, autofocus, counter, extra } =
    props;
  const id = props.id ?? `f-${name}`;
  const multilineMax = props.maxLength ?? MULTILINE_MAX;
  const limit = multiline ? multilineMax : Number(inputProps?.maxLength ?? 0) || undefined;
  const max = counter ? limit : undefined;
  const described = [
    error ? `${id}-error` : hint ? `${id}-hint` : undefined,
    max ? `${id}-count` : undefined,
    extra ? `${id}-extra` : undefined,
  ].filter(Boolean).join(" ") || undefined;
  const cls = `mt-1 block w-full rounded-lg border px-3 py-2 text-base ${
    error ? "border-red-500 bg-red-50" : "border-slate-300 bg-white"
  }`;
  return (
    <div class="mb-4">
      <label for={id} class="block text-sm font-medium text-slate-700">{label}</label>
      {multiline
        ? (
          <textarea
            id={id}
            name={name}
            class={cls}
            rows={2}
            maxLength={multilineMax}
            autofocus={autofocus}
            aria-invalid={error ? "true" : undefined}
            aria-describedby={described}
          >
            {value ?? ""}
          </textarea>
        )
        : (
          <input
            id={id}
            name={name}
            value={value ?? ""}
            class={cls}
            autofocus={autofocus}
            aria-invalid={error ? "true" : undefined}
            aria-describedby={described}
            {...inputProps}
          />
        )}
      {error && <p id={`${id}-error`} class="mt-1 text-sm text-red-700">{error}</p>}
      {!error && hint && <p id={`${id}-hint`} class="mt-1 text-sm text-slate-600">{hint}</p>}
      {max && <Counter id={id} length={(value ?? "").length} max={max} />}
      {extra && <div id={`${id}-extra`}>{extra}</div>}
    </div>
  );
}
