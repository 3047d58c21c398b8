import type { ChannelAvailability, NotificationSettings } from "../lib/notify/settings.ts";
import { REACHES, TOPICS } from "../lib/notify/settings.ts";
import { Field } from "./Field.tsx";

const TOPIC_LABELS: Record<(typeof TOPICS)[number], string> = {
  joined: "Joined (with the ticket link)",
  almost: "Almost your turn",
  called: "Called",
  reminder: "Reminder while waiting",
  requeued: "Put back in the queue",
  no_show: "Missed the call",
  cancelled: "Cancelled by staff",
};
const REACH_LABELS: Record<(typeof REACHES)[number], string> = {
  phone: "Phone",
  push: "Push",
  email: "Email",
  webchat: "Chat",
};

export interface NotificationFormProps {
  settings: NotificationSettings;
  channels: ChannelAvailability;
  csrfToken: string;
  /** A refused save: its message, the fields at fault, and what was typed (kept in the form). */
  error?: { message: string; fields?: Record<string, string>; values?: Record<string, string> };
}

/** Which channels each message goes to, the phone channel, and the tenant's sender ids. */
export function NotificationSettingsForm(
  { settings, channels, csrfToken, error }: NotificationFormProps,
) {
  const f = error?.fields ?? {};
  const typed = error?.values ?? {};
  const status = (name: "sms" | "whatsapp" | "email", label: string) => {
    const c = channels[name];
    return <li>{label}: {c.ready ? "ready" : `off (${c.reason})`}</li>;
  };
  return (
    <section class="rounded-xl bg-white p-4 shadow-sm md:col-span-2" id="notifications">
      <h2 class="mb-2 text-lg font-bold">Notifications</h2>
      {error && (
        <p role="alert" class="mb-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {error.message}
        </p>
      )}
      <ul class="mb-3 text-sm text-slate-600">
        {status("whatsapp", "WhatsApp")}
        {status("sms", "SMS")}
        {status("email", "Email")}
        <li>
          Phone channel in use:{" "}
          {channels.phone === "whatsapp" ? "WhatsApp" : channels.phone === "sms" ? "SMS" : "none"}
        </li>
      </ul>
      <form method="post" action="/dashboard/settings/notifications" novalidate>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <table class="mb-4 w-full text-sm">
          <thead>
            <tr>
              <th class="text-left">Message</th>
              {REACHES.map((r) => <th key={r}>{REACH_LABELS[r]}</th>)}
            </tr>
          </thead>
          <tbody>
            {TOPICS.map((t) => (
              <tr key={t}>
                <td>{TOPIC_LABELS[t]}</td>
                {REACHES.map((r) => (
                  <td key={r} class="text-center">
                    <input
                      type="checkbox"
                      name={`${t}.${r}`}
                      aria-label={`${TOPIC_LABELS[t]} by ${REACH_LABELS[r]}`}
                      checked={settings.topics[t].includes(r)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <label class="mb-4 block text-sm font-medium text-slate-700">
          Phone channel
          <select
            name="phoneChannel"
            class="mt-1 block rounded-lg border border-slate-300 px-3 py-2"
          >
            {(["auto", "whatsapp", "sms", "none"] as const).map((p) => (
              <option key={p} value={p} selected={settings.phoneChannel === p}>
                {p === "auto" ? "Automatic (WhatsApp, else SMS)" : p}
              </option>
            ))}
          </select>
        </label>
        <Field
          name="whatsappPhoneNumberId"
          label="WhatsApp phone number id"
          value={typed.whatsappPhoneNumberId ?? settings.whatsappPhoneNumberId ?? ""}
          error={f.whatsappPhoneNumberId}
        />
        <Field
          name="whatsappTemplate"
          label="WhatsApp template name (blank: the app's default)"
          value={typed.whatsappTemplate ?? settings.whatsappTemplate ?? ""}
          error={f.whatsappTemplate}
        />
        <Field
          name="smsFrom"
          label="SMS sender number"
          value={typed.smsFrom ?? settings.smsFrom ?? ""}
          error={f.smsFrom}
          inputProps={{ type: "tel" }}
        />
        <button
          type="submit"
          class="rounded-lg bg-indigo-600 px-4 py-2 font-semibold text-white hover:bg-indigo-700"
        >
          Save notifications
        </button>
      </form>
    </section>
  );
}

/** The form's fields as the API's body: a ticked box puts its channel on its topic. */
export function notificationFormInput(fields: Record<string, unknown>): Record<string, unknown> {
  const topics = Object.fromEntries(
    TOPICS.map((t) => [t, REACHES.filter((r) => fields[`${t}.${r}`] !== undefined)]),
  );
  const { phoneChannel, whatsappPhoneNumberId, whatsappTemplate, smsFrom } = fields;
  return { topics, phoneChannel, whatsappPhoneNumberId, whatsappTemplate, smsFrom };
}
