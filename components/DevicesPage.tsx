import type { DeviceRow } from "../lib/devices/devices.ts";
import { Field } from "./Field.tsx";

export interface DevicesPageProps {
  devices: DeviceRow[];
  queues: Array<{ id: string; name: string }>;
  csrfToken: string;
  /** The link of a device just created: shown this once, never stored. */
  created?: { label: string; kind: "display" | "kiosk"; link: string };
  notice?: string;
  error?: { message: string; fields?: Record<string, string>; values?: Record<string, string> };
}

const KIND_WORDS = { display: "TV display", kiosk: "Kiosk" } as const;

function when(d: Date | null): string {
  return d ? new Date(d).toISOString().slice(0, 16).replace("T", " ") + " UTC" : "never";
}

/** `/dashboard/devices`: TV displays and kiosks, their links and their revocation. */
export function DevicesPage(
  { devices, queues, csrfToken, created, notice, error }: DevicesPageProps,
) {
  const v = error?.values ?? {};
  const f = error?.fields ?? {};
  const queueName = (id: string | null) =>
    id ? queues.find((q) => q.id === id)?.name ?? "a deleted queue" : "All queues";
  return (
    <div class="grid gap-6">
      <h1 class="text-xl font-bold">TV displays and kiosks</h1>
      {notice && <p role="status" class="text-sm text-emerald-700">{notice}</p>}
      {created && (
        <section role="status" class="rounded-xl bg-emerald-50 p-4 ring-1 ring-emerald-200">
          <h2 class="font-semibold">{KIND_WORDS[created.kind]} “{created.label}” is ready</h2>
          <p class="mt-1 text-sm">
            Open this link once on the{" "}
            {created.kind === "display" ? "TV" : "tablet"}; it stays connected until you revoke it.
            The link is shown only now.
          </p>
          <p
            class="mt-2 break-all rounded bg-white p-2 font-mono text-sm"
            data-testid="device-link"
          >
            {created.link}
          </p>
        </section>
      )}
      <section class="rounded-xl bg-white p-4 shadow-sm">
        <h2 class="mb-3 font-semibold">Connected screens</h2>
        {devices.length === 0 && <p class="text-sm text-slate-600">None yet.</p>}
        <ul class="divide-y divide-slate-200" data-testid="devices">
          {devices.map((d) => (
            <li key={d.id} class="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>
                <span class="font-medium">{d.label}</span>
                <span class="ml-2 text-sm text-slate-600">
                  {KIND_WORDS[d.kind]} · {queueName(d.queueId)} · last seen {when(d.lastSeenAt)}
                </span>
              </span>
              {d.revokedAt
                ? <span class="text-sm text-slate-600">revoked {when(d.revokedAt)}</span>
                : (
                  <form method="post" action={`/dashboard/devices/${d.id}/revoke`}>
                    <input type="hidden" name="_csrf" value={csrfToken} />
                    <button type="submit" class="text-sm text-red-700 underline">
                      Revoke “{d.label}”
                    </button>
                  </form>
                )}
            </li>
          ))}
        </ul>
      </section>
      <section class="rounded-xl bg-white p-4 shadow-sm">
        <h2 class="mb-3 font-semibold">QR posters</h2>
        <p class="mb-2 text-sm text-slate-600">
          Print one for the door or the tables: customers scan it to see the queue and join.
        </p>
        <ul class="flex flex-wrap gap-3">
          {queues.map((q) => (
            <li key={q.id}>
              <a href={`/dashboard/queues/${q.id}/poster`} class="text-indigo-700 underline">
                Poster for {q.name}
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section class="rounded-xl bg-white p-4 shadow-sm">
        <h2 class="mb-3 font-semibold">Connect a screen</h2>
        {error && (
          <p role="alert" class="mb-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
            {error.message}
          </p>
        )}
        <form method="post" action="/dashboard/devices" novalidate>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <fieldset class="mb-4">
            <legend class="text-sm font-medium text-slate-700">Kind</legend>
            {(["display", "kiosk"] as const).map((k) => (
              <label key={k} class="mr-4 inline-flex items-center gap-2">
                <input
                  type="radio"
                  name="kind"
                  value={k}
                  checked={(v.kind ?? "display") === k}
                />
                {KIND_WORDS[k]}
              </label>
            ))}
            {f.kind && <p class="text-sm text-red-700">{f.kind}</p>}
          </fieldset>
          <Field
            name="label"
            label="Name (e.g. Dining room TV)"
            value={v.label}
            error={f.label}
            inputProps={{ maxLength: 60, required: true }}
          />
          <div class="mb-4">
            <label for="f-device-queue" class="block text-sm font-medium text-slate-700">
              Queue
            </label>
            <select
              id="f-device-queue"
              name="queueId"
              class="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2"
            >
              <option value="">All queues</option>
              {queues.map((q) => (
                <option key={q.id} value={q.id} selected={v.queueId === q.id}>{q.name}</option>
              ))}
            </select>
            {f.queueId && <p class="text-sm text-red-700">{f.queueId}</p>}
          </div>
          <button type="submit" class="rounded-lg bg-indigo-600 px-4 py-2 font-semibold text-white">
            Create link
          </button>
        </form>
      </section>
    </div>
  );
}
