import type { ComponentChildren, JSX } from "preact";

export interface FieldProps {
  name: string;
  label: string;
  value?: string;
  error?: string;
  hint?: string;
  inputProps?: JSX.InputHTMLAttributes<HTMLInputElement>;
  multiline?: boolean;
  /** The element id; pages with several forms of the same fields give each its own. */
  id?: string;
  /** The first field in error takes the focus when the page opens. */
  autofocus?: boolean;
  /** A textarea's limit (500 by default). */
  maxLength?: number;
  /** Shown below the field and read with it (a character counter); its element's id is `${id}-extra`. */
  extra?: ComponentChildren;
}

/** A labelled input with its error message tied to it for screen readers. */
export function Field(props: FieldProps) {
  const { name, label, value, error, hint, inputProps, multiline, autofocus, extra } = props;
  const id = props.id ?? `f-${name}`;
  const described = [
    error ? `${id}-error` : hint ? `${id}-hint` : null,
    extra ? `${id}-extra` : null,
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
            maxLength={props.maxLength ?? 500}
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
      {extra && <div id={`${id}-extra`}>{extra}</div>}
    </div>
  );
}
