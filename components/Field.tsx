import type { JSX } from "preact";

export interface FieldProps {
  name: string;
  label: string;
  value?: string;
  error?: string;
  hint?: string;
  inputProps?: JSX.InputHTMLAttributes<HTMLInputElement>;
  multiline?: boolean;
}

/** A labelled input with its error message tied to it for screen readers. */
export function Field({ name, label, value, error, hint, inputProps, multiline }: FieldProps) {
  const id = `f-${name}`;
  const described = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
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
            maxLength={500}
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
            aria-invalid={error ? "true" : undefined}
            aria-describedby={described}
            {...inputProps}
          />
        )}
      {error && <p id={`${id}-error`} class="mt-1 text-sm text-red-700">{error}</p>}
      {!error && hint && <p id={`${id}-hint`} class="mt-1 text-sm text-slate-500">{hint}</p>}
    </div>
  );
}
