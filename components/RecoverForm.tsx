import { Field } from "./Field.tsx";

export function RecoverForm(
  { tenantName, csrfToken, phone, message, fields }: {
    tenantName: string;
    csrfToken: string;
    phone?: string;
    message?: string;
    fields?: Record<string, string>;
  },
) {
  return (
    <main class="mx-auto max-w-md px-4 py-8">
      <p class="text-sm font-medium text-slate-500">{tenantName}</p>
      <h1 class="mt-1 text-2xl font-bold">Find my place</h1>
      <p class="mt-2 text-slate-600">
        Lost the link? Enter the phone number you joined with and the 4-digit code shown on your
        ticket.
      </p>
      <form method="post" action="/api/queues/recover" class="mt-6" novalidate>
        <input type="hidden" name="_csrf" value={csrfToken} />
        {message && (
          <p role="alert" class="mb-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
            {message}
          </p>
        )}
        <Field
          name="customerPhone"
          label="Mobile number"
          value={phone}
          error={fields?.customerPhone}
          inputProps={{ type: "tel", autocomplete: "tel", inputMode: "tel", required: true }}
        />
        <Field
          name="verificationCode"
          label="Code"
          error={fields?.verificationCode}
          inputProps={{
            inputMode: "numeric",
            autocomplete: "one-time-code",
            maxLength: 4,
            required: true,
          }}
        />
        <button
          type="submit"
          class="w-full rounded-lg bg-indigo-600 px-4 py-3 font-semibold text-white"
        >
          Find my place
        </button>
      </form>
    </main>
  );
}
