import { refusalOf } from "../../../../lib/http/form_refusal.ts";
import { type Context, Hono } from "hono";
import type { StaffEnv } from "../../../../lib/http/app_env.ts";
import { param, readBody, validate } from "../../../../lib/http/input.ts";
import { renderPage } from "../../../../lib/http/render.tsx";
import {
  createQueue,
  deletedQueueName,
  deleteQueue,
  getQueueSettings,
  listQueueSettings,
  toggleQueue,
  updateQueue,
} from "../../../../lib/queue/queue_admin.ts";
import { UuidSchema } from "../../../../lib/queue/queue_schema.ts";
import {
  CreateQueueSchema,
  DeleteQueueFormSchema,
  queueFormToInput,
  UpdateQueueSchema,
} from "../../../../lib/queue/queue_settings_schema.ts";
import {
  type QueueFormState,
  QueueSettingsForm,
} from "../../../../components/QueueSettingsForm.tsx";
import { StaffShell } from "../../../../components/StaffShell.tsx";
import {
  DeleteQueuePage,
  type DeleteQueuePageProps,
} from "../../../../components/DeleteQueuePage.tsx";

/** `/dashboard/queues`: OWNER and ADMIN create, edit, pause and delete queues (no JavaScript). */
const app = new Hono<StaffEnv>();

async function managePage(
  c: Context<StaffEnv>,
  failed?: { queueId: string | "new"; state: QueueFormState },
  status: 200 | 403 | 404 | 409 | 422 = 200,
) {
  const tenant = c.get("tenant");
  const staff = c.get("staff");
  const queues = await listQueueSettings(c.get("scope"));
  const notice = await noticeOf(c);
  return renderPage(
    c,
    `Queues · ${tenant.name}`,
    <StaffShell
      tenantName={tenant.name}
      staffName={staff.fullName}
      csrfToken={c.get("csrfToken")}
      canManage={staff.role === "OWNER" || staff.role === "ADMIN"}
    >
      <h1 class="text-xl font-bold">Manage queues</h1>
      {notice && <p role="status" class="mt-2 text-sm text-emerald-700">{notice}</p>}
      {queues.map((q) => (
        <details
          key={q.id}
          open={failed?.queueId === q.id}
          class="mt-4 rounded-xl bg-white p-4 shadow-sm"
        >
          <summary class="cursor-pointer font-semibold">
            {q.name}
            <span class="ml-2 text-sm font-normal text-slate-500">
              {q.isActive ? (q.acceptingCustomers ? "open" : "not accepting customers") : "hidden"}
            </span>
          </summary>
          <div class="mt-4">
            <QueueSettingsForm
              action={`/dashboard/queues/${q.id}/settings`}
              csrfToken={c.get("csrfToken")}
              queue={q}
              state={failed?.queueId === q.id ? failed.state : undefined}
              submitLabel="Save changes"
            />
            <p class="mt-3">
              <a href={`/dashboard/queues/${q.id}/delete`} class="text-sm text-red-700 underline">
                Delete this queue…
              </a>
            </p>
          </div>
        </details>
      ))}
      <section class="mt-8 rounded-xl bg-white p-4 shadow-sm">
        <h2 class="mb-4 font-semibold">New queue</h2>
        <QueueSettingsForm
          action="/dashboard/queues"
          csrfToken={c.get("csrfToken")}
          state={failed?.queueId === "new" ? failed.state : undefined}
          submitLabel="Create queue"
        />
      </section>
    </StaffShell>,
    status,
  );
}

/** What the last change did, from the address it redirected to. */
async function noticeOf(c: Context<StaffEnv>): Promise<string | undefined> {
  const deleted = c.req.query("deleted");
  if (deleted && UuidSchema.safeParse(deleted).success) {
    const name = await deletedQueueName(c.get("scope"), deleted);
    if (name) return `Deleted the queue “${name}”. Customers can no longer see or join it.`;
  }
  return c.req.query("saved") ? "Saved." : undefined;
}

/** The page that asks to confirm a delete, or says why it did not happen. */
async function deletePage(
  c: Context<StaffEnv>,
  queueId: string,
  error?: DeleteQueuePageProps["error"],
  status: 200 | 409 | 422 = 200,
) {
  const queue = await getQueueSettings(c.get("scope"), queueId);
  const staff = c.get("staff");
  return renderPage(
    c,
    `Delete ${queue.name} · ${c.get("tenant").name}`,
    <StaffShell
      tenantName={c.get("tenant").name}
      staffName={staff.fullName}
      csrfToken={c.get("csrfToken")}
      canManage
    >
      <DeleteQueuePage
        queueId={queueId}
        queueName={queue.name}
        csrfToken={c.get("csrfToken")}
        error={error}
      />
    </StaffShell>,
    status,
  );
}

/**
 * Runs a change from a form; a refusal re-renders the page with the message and, for the forms
 * that carry settings (`keepInput`), what was typed. A refused delete or toggle carries none: the
 * queue's form shows its saved settings, not a body whose absent boxes would read as unticked.
 */
async function fromForm(
  c: Context<StaffEnv>,
  queueId: string | "new",
  change: (body: Record<string, unknown>) => Promise<unknown>,
  keepInput = true,
) {
  const body = await readBody(c);
  const err = await refusalOf(() => change(body), [403, 404, 409, 422]);
  if (err) {
    const state = {
      values: keepInput ? queueFormToInput(body) : undefined,
      fields: err.options.fields,
      message: err.message,
    };
    return await managePage(c, { queueId, state }, err.status as 403 | 404 | 409 | 422);
  }
  return c.redirect("/dashboard/queues?saved=1", 303);
}

app.get("/", (c) => managePage(c));

app.post("/", (c) => {
  return fromForm(c, "new", async (body) => {
    const input = validate(CreateQueueSchema, queueFormToInput(body));
    await createQueue(c.get("scope"), input);
  });
});

app.post("/:id/settings", (c) => {
  const queueId = param(UuidSchema, c.req.param("id"));
  return fromForm(c, queueId, async (body) => {
    await updateQueue(
      c.get("scope"),
      queueId,
      validate(UpdateQueueSchema, queueFormToInput(body)),
    );
  });
});

app.post("/:id/toggle", (c) => {
  const queueId = param(UuidSchema, c.req.param("id"));
  return fromForm(c, queueId, async () => {
    await toggleQueue(c.get("scope"), queueId);
  }, false);
});

app.get("/:id/delete", (c) => deletePage(c, param(UuidSchema, c.req.param("id"))));

/** Deletes once the queue's name was typed; a refusal stays on the confirm page, input kept. */
app.post("/:id/delete", async (c) => {
  const queueId = param(UuidSchema, c.req.param("id"));
  const body = await readBody(c);
  const typed = typeof body.confirmName === "string" ? body.confirmName : "";
  const err = await refusalOf(() => {
    const { confirmName } = validate(DeleteQueueFormSchema, body);
    return deleteQueue(c.get("scope"), queueId, { confirmName });
  }, [409, 422]);
  if (err) {
    const error = { message: err.message, fields: err.options.fields, typed };
    return await deletePage(c, queueId, error, err.status as 409 | 422);
  }
  return c.redirect(`/dashboard/queues?deleted=${queueId}`, 303);
});

export default app;
