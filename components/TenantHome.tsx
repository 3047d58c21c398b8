import type { QueueListing } from "../lib/queue/queue_list.ts";
import { JoinForm, type JoinFormState } from "./JoinForm.tsx";

export interface TenantHomeProps {
  tenantName: string;
  queues: QueueListing[];
  /** This phone's live tickets here, so a returning customer finds their place. */
  remembered?: Array<{ ticketNumber: string; sessionId: string; status: string }>;
  csrfToken: string;
  /** The queue whose form failed, with what was entered and what was wrong. */
  failed?: { queueId: string; state: JoinFormState };
}

function waitText(q: QueueListing): string {
  if (q.waitingCount === 0) return "No wait right now";
  const people = q.waitingCount === 1 ? "1 party waiting" : `${q.waitingCount} parties waiting`;
  return `${people} · about ${q.estimatedWaitTime} min`;
}

export function TenantHome(
  { tenantName, queues, remembered, csrfToken, failed }: TenantHomeProps,
) {
  return (
    <main class="mx-auto max-w-md px-4 py-8">
      <h1 class="text-2xl font-bold">{tenantName}</h1>
      {remembered?.map((r) => (
        <a
          key={r.sessionId}
          href={`/queue/status/${r.sessionId}`}
          class="mt-4 block rounded-xl bg-emerald-50 p-4 text-emerald-900 ring-1 ring-emerald-200"
        >
          <span class="block font-semibold">
            {r.status === "called" ? "It's your turn!" : "You're in the queue"} · {r.ticketNumber}
          </span>
          <span class="text-sm underline">See your place and wait</span>
        </a>
      ))}
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
                serviceTypes={q.serviceTypes}
                csrfToken={csrfToken}
                state={failed?.queueId === q.id ? failed.state : undefined}
              />
            )
            : <p class="mt-4 text-slate-600">Not taking new customers right now.</p>}
        </section>
      ))}
      <p class="mt-8 text-center text-sm text-slate-600">
        Already joined and lost the link?{" "}
        <a href="/queue/recover" class="underline">Find my place</a>
      </p>
    </main>
  );
}
