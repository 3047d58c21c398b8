import type {
  findMerchantDetails,
  listMerchantsPage,
} from "../../lib/backoffice/merchants_repo.ts";
import { INPUT } from "./BackofficeShell.tsx";

type Rows = Awaited<ReturnType<typeof listMerchantsPage>>;
type Details = NonNullable<Awaited<ReturnType<typeof findMerchantDetails>>>;

export function MerchantList({ rows, q }: { rows: Rows; q?: string }) {
  return (
    <section class="mt-4">
      <form
        method="get"
        action="/backoffice/merchants"
        role="search"
        class="flex flex-wrap items-end gap-2"
      >
        <label class="grow">
          <span class="text-sm font-medium">Search locations</span>
          <input name="q" value={q ?? ""} class={INPUT} placeholder="Business, tenant or email" />
        </label>
        <button type="submit" class="rounded-lg border px-4 py-2">Search</button>
      </form>
      <ul class="mt-3 divide-y rounded-lg bg-white text-sm shadow-sm">
        {rows.map((m) => (
          <li key={m.id} class="flex flex-wrap justify-between gap-2 p-2">
            <a class="font-medium text-indigo-700 underline" href={`/backoffice/merchants/${m.id}`}>
              {m.businessName}
            </a>
            <span>
              {m.businessType} · {m.tenantName} · {m.queues} queue{m.queues === 1 ? "" : "s"}
              {m.isActive ? "" : " · inactive"}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function MerchantDetails({ details }: { details: Details }) {
  const { merchant: m, queues } = details;
  const rows: Array<[string, string]> = [
    ["Type", m.businessType],
    ["Tenant", `${m.tenantName} (${m.tenantSlug})`],
    ["Email", m.email],
    ["Phone", m.phone],
    ["Time zone", m.timezone],
    ["Address", [m.street, m.city, m.country].filter(Boolean).join(", ") || "—"],
    ["Chat", m.chatEnabled ? "on" : "off"],
    ["Channels", (m.notificationChannels ?? []).join(", ") || "—"],
    ["Language", m.language ?? "—"],
    ["Brand colour", m.brandColor ?? "—"],
  ];
  return (
    <section class="mt-4 rounded-lg bg-white p-4 shadow-sm">
      <dl class="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        {rows.map((
          [k, v],
        ) => [<dt key={`${k}-t`} class="font-medium">{k}</dt>, <dd key={`${k}-d`}>{v}</dd>])}
      </dl>
      <p class="mt-3 text-sm">
        <a class="underline" href={`/backoffice/tenants/${m.tenantId}`}>Open the tenant</a>
      </p>
      <h2 class="mt-4 font-semibold">Queues</h2>
      <ul class="mt-2 text-sm">
        {queues.map((q) => (
          <li key={q.id}>
            {q.name} · capacity {q.maxCapacity} · ~{q.averageServiceTime} min each
            {q.isActive ? "" : " · off"}
            {q.acceptingCustomers ? "" : " · not taking customers"}
          </li>
        ))}
      </ul>
    </section>
  );
}
