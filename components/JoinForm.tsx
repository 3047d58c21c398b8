import { Field } from "./Field.tsx";

export interface JoinFormState {
  values?: Record<string, string>;
  fields?: Record<string, string>;
  message?: string;
}

/** The customer's join form; posts to the JSON API's endpoint, which also accepts forms. */
export function JoinForm(
  { queueId, csrfToken, state, serviceTypes = [] }: {
    queueId: string;
    csrfToken: string;
    state?: JoinFormState;
    serviceTypes?: Array<{ id: string; name: string }>;
  },
) {
  const v = state?.values ?? {};
  const f = state?.fields ?? {};
  return (
    <form method="post" action={`/api/queues/${queueId}/join`} class="mt-4" novalidate>
      <input type="hidden" name="_csrf" value={csrfToken} />
      {state?.message && (
        <p role="alert" class="mb-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.message}
        </p>
      )}
      <Field
        name="customerName"
        label="Your name"
        value={v.customerName}
        error={f.customerName}
        inputProps={{ autocomplete: "name", required: true, maxLength: 100 }}
      />
      <Field
        name="customerPhone"
        label="Mobile number"
        value={v.customerPhone}
        error={f.customerPhone}
        hint="We use it only to tell you when it is your turn."
        inputProps={{ type: "tel", autocomplete: "tel", inputMode: "tel", required: true }}
      />
      <Field
        name="partySize"
        label="Party size"
        value={v.partySize ?? "2"}
        error={f.partySize}
        inputProps={{ type: "number", min: 1, max: 20, inputMode: "numeric", required: true }}
      />
      {serviceTypes.length > 0 && (
        <fieldset class="mb-4">
          <legend class="block text-sm font-medium text-slate-700">What for?</legend>
          <div class="mt-1 flex flex-wrap gap-2">
            {serviceTypes.map((t, i) => (
              <label
                key={t.id}
                class="flex items-center gap-2 rounded-lg border border-slate-300 bg-white px-3 py-2"
              >
                <input
                  type="radio"
                  name="serviceTypeId"
                  value={t.id}
                  checked={v.serviceTypeId ? v.serviceTypeId === t.id : i === 0}
                />
                {t.name}
              </label>
            ))}
          </div>
          {f.serviceTypeId && <p class="mt-1 text-sm text-red-700">{f.serviceTypeId}</p>}
        </fieldset>
      )}
      <Field
        name="customerEmail"
        label="Email (optional)"
        value={v.customerEmail}
        error={f.customerEmail}
        hint="We also tell you by email when it is your turn."
        inputProps={{ type: "email", autocomplete: "email", maxLength: 254 }}
      />
      <Field
        name="notes"
        label="Notes (optional)"
        value={v.notes}
        error={f.notes}
        multiline
      />
      <button
        type="submit"
        class="w-full rounded-lg bg-indigo-600 px-4 py-3 text-base font-semibold text-white hover:bg-indigo-700"
      >
        Join the queue
      </button>
    </form>
  );
}
