import type { QueueRecord } from "../lib/queue/queue_admin_repo.ts";
import { Field } from "./Field.tsx";

export interface QueueFormState {
  values?: Record<string, unknown>;
  fields?: Record<string, string>;
  message?: string;
}

function text(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : String(v);
}

function Toggle({ name, label, checked }: { name: string; label: string; checked: boolean }) {
  // Wrapped by its label: no id needed, so a page with several queue forms repeats none.
  return (
    <label class="flex items-center gap-2 py-1 text-sm">
      <input type="checkbox" name={name} checked={checked} class="h-5 w-5" />
      {label}
    </label>
  );
}

/** Create or edit one queue; a failed save comes back with the typed values and messages. */
export function QueueSettingsForm(
  { action, csrfToken, queue, state, submitLabel, idPrefix = queue?.id ?? "new" }: {
    action: string;
    csrfToken: string;
    queue?: QueueRecord;
    state?: QueueFormState;
    submitLabel: string;
    /** Makes this form's field ids unique on a page with one form per queue. */
    idPrefix?: string;
  },
) {
  const id = (name: string) => `q-${idPrefix}-${name}`;
  const v = { ...(queue ?? {}), ...(state?.values ?? {}) } as Record<string, unknown>;
  const f = state?.fields ?? {};
  const bool = (k: string, fallback: boolean) => (v[k] === undefined ? fallback : v[k] === true);
  return (
    <form method="post" action={action} class="grid gap-x-4 sm:grid-cols-2" novalidate>
      <input type="hidden" name="_csrf" value={csrfToken} />
      {state?.message && (
        <p
          role="alert"
          class="mb-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 sm:col-span-2"
        >
          {state.message}
        </p>
      )}
      <Field
        id={id("name")}
        name="name"
        label="Name"
        value={text(v.name)}
        error={f.name}
        inputProps={{ required: true, maxLength: 100 }}
        counter
      />
      <Field
        id={id("description")}
        name="description"
        label="Description"
        value={text(v.description)}
        error={f.description}
        inputProps={{ maxLength: 500 }}
        counter
      />
      <Field
        id={id("maxCapacity")}
        name="maxCapacity"
        label="Capacity (parties)"
        value={text(v.maxCapacity) ?? "50"}
        error={f.maxCapacity}
        inputProps={{ type: "number", min: 1, max: 10000 }}
      />
      <Field
        id={id("averageServiceTime")}
        name="averageServiceTime"
        label="Average service time (minutes)"
        value={text(v.averageServiceTime) ?? "30"}
        error={f.averageServiceTime}
        inputProps={{ type: "number", min: 1, max: 1440 }}
      />
      <Field
        id={id("businessHoursStart")}
        name="businessHoursStart"
        label="Opens at"
        value={text(v.businessHoursStart) ?? "09:00"}
        error={f.businessHoursStart}
        inputProps={{ pattern: "[0-2][0-9]:[0-5][0-9]" }}
      />
      <Field
        id={id("businessHoursEnd")}
        name="businessHoursEnd"
        label="Closes at (24:00 = midnight)"
        value={text(v.businessHoursEnd) ?? "17:00"}
        error={f.businessHoursEnd}
        inputProps={{ pattern: "[0-2][0-9]:[0-5][0-9]" }}
      />
      <Field
        id={id("callTimeoutMinutes")}
        name="callTimeoutMinutes"
        label="No-show after a call of (minutes)"
        value={text(v.callTimeoutMinutes) ?? "10"}
        error={f.callTimeoutMinutes}
        inputProps={{ type: "number", min: 1, max: 240 }}
      />
      <Field
        id={id("notificationInterval")}
        name="notificationInterval"
        label="Remind every (minutes)"
        value={text(v.notificationInterval) ?? "5"}
        error={f.notificationInterval}
        inputProps={{ type: "number", min: 0, max: 240 }}
      />
      <Field
        id={id("almostTurnAhead")}
        name="almostTurnAhead"
        label={`Say "almost your turn" with this many ahead (0 = never)`}
        value={text(v.almostTurnAhead) ?? "2"}
        error={f.almostTurnAhead}
        inputProps={{ type: "number", min: 0, max: 50 }}
      />
      <div class="mb-4 sm:col-span-2">
        <Toggle name="isActive" label="Shown to customers" checked={bool("isActive", true)} />
        <Toggle
          name="acceptingCustomers"
          label="Accepting customers"
          checked={bool("acceptingCustomers", true)}
        />
        <Toggle
          name="allowCancellation"
          label="Customers may cancel"
          checked={bool("allowCancellation", true)}
        />
        <Toggle
          name="requireConfirmation"
          label="Customers confirm they are coming when called"
          checked={bool("requireConfirmation", true)}
        />
        <Toggle
          name="autoNotifications"
          label="Automatic reminders"
          checked={bool("autoNotifications", true)}
        />
      </div>
      <div class="sm:col-span-2">
        <button
          type="submit"
          class="rounded-lg bg-indigo-600 px-4 py-2 font-semibold text-white hover:bg-indigo-700"
        >
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
