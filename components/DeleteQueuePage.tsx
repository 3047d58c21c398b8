import { Field } from "./Field.tsx";

export interface DeleteQueuePageProps {
  queueId: string;
  queueName: string;
  csrfToken: string;
  /** A refused delete: its message, and what was typed (kept). */
  error?: { message: string; fields?: Record<string, string>; typed?: string };
}

/**
 * The step between "Delete this queue" and the delete: says what deleting does and asks for the
 * queue's name, typed, so one stray click (or a tap on the wrong queue) deletes nothing. Works
 * without JavaScript.
 */
export function DeleteQueuePage({ queueId, queueName, csrfToken, error }: DeleteQueuePageProps) {
  return (
    <section class="max-w-xl rounded-xl bg-white p-4 shadow-sm">
      <h1 class="text-xl font-bold">Delete the queue “{queueName}”?</h1>
      <ul class="mt-3 list-disc pl-5 text-sm text-slate-700">
        <li>Customers can no longer see or join it, and its board closes.</li>
        <li>Its past visits stay in the history and the analytics.</li>
        <li>A queue with parties still waiting or called cannot be deleted.</li>
      </ul>
      {error?.message && (
        <p role="alert" class="mt-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {error.message}
        </p>
      )}
      <form method="post" action={`/dashboard/queues/${queueId}/delete`} class="mt-4" novalidate>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <Field
          id={`delete-${queueId}-confirmName`}
          counter
          name="confirmName"
          label={`Type the queue's name, ${queueName}, to confirm`}
          value={error?.typed}
          error={error?.fields?.confirmName}
          inputProps={{ required: true, autocomplete: "off", maxLength: 100 }}
        />
        <div class="flex flex-wrap items-center gap-3">
          <button
            type="submit"
            class="rounded-lg bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800"
          >
            Delete this queue
          </button>
          <a href="/dashboard/queues" class="text-sm text-slate-700 underline">
            Keep it, back to the queues
          </a>
        </div>
      </form>
    </section>
  );
}
