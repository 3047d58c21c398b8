import type { QueueListing } from "../lib/queue/queue_list.ts";
import { JoinForm, type JoinFormState } from "./JoinForm.tsx";

export interface TenantHomeProps {
  tenantName: string;
  queues: QueueListing[];
  csrfToken: string;
  /** The queue whose form failed, with what was entered and what was wrong. */
  failed?: { queueId: string; state: JoinFormState };
}

function waitText(q: QueueListing): string {
  if (q.waitingCount === 0) return "No wait right now";
  const people = q.waitingCount === 1 ? "1 party waiting" : `${q.waitingCount} parties waiting`;
  return `${people} · about ${q.estimatedWaitTime} min`;
}

export function TenantHome({ tenantName, queues, csrfToken, failed }: TenantHomeProps) {
  return (
    <main class="mx-auto max-w-md px-4 py-8">
      <h1 class="text-2xl font-bold">{tenantName}</h1>
      {queues.length === 0 && <p class="mt-6 text-slate-600">No queues are open right now.</p>}
      {queues.map((q) => (
        <section
          key={q.id}
          class="mt-6 rounded-xl bg-white p-5 shadow-sm"
          aria-labelledby={`q-${q.id}`}
        >
          <h2 id={`q-${q.id}`} class="text-lg font-semibold">{q.name}</h2>
          {q.description && <p class="text-sm text-slate-600">{q.description}</p>}
          <p class="mt-2 text-sm font-medium text-indigo-700" data-testid="wait">{waitText(q)}</p>
          {q.acceptingCustomers
            ? (
              <JoinForm
                queueId={q.id}
                csrfToken={csrfToken}
                state={failed?.queueId === q.id ? failed.state : undefined}
              />
            )
            : <p class="mt-4 text-slate-600">Not taking new customers right now.</p>}
        </section>
      ))}
    </main>
  );
}
