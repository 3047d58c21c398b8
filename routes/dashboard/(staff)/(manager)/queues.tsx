import { refusalOf } from "../../../../lib/http/form_refusal.ts";
import { type Context, Hono } from "hono";
import type { StaffEnv } from "../../../../lib/http/app_env.ts";
import { param, readBody, validate } from "../../../../lib/http/input.ts";
import { renderPage } from "../../../../lib/http/render.tsx";
import {
  createQueue,
  deleteQueue,
  listQueueSettings,
  toggleQueue,
  updateQueue,
} from "../../../../lib/queue/queue_admin.ts";
import { UuidSchema } from "../../../../lib/queue/queue_schema.ts";
import {
  CreateQueueSchema,
  queueFormToInput,
  UpdateQueueSchema,
} from "../../../../lib/queue/queue_settings_schema.ts";
import {
  type QueueFormState,
  QueueSettingsForm,
} from "../../../../components/QueueSettingsForm.tsx";
import { StaffShell } from "../../../../components/StaffShell.tsx";

/** `/dashboard/queues`: OWNER and ADMIN create, edit, pause and delete queues (no JavaScript). */
const app = new Hono<StaffEnv>();

async function managePage(
  c: Context<StaffEnv>,
  failed?: { queueId: string | "new"; state: QueueFormState },
  status: 200 | 403 | 404 | 409 | 422 = 200,
) {
  const tenant = c.var.tenant;
  const staff = c.var.staff;
  const queues = await listQueueSettings(c.var.scope);
  const notice = c.req.query("saved") ? "Saved." : undefined;
  return renderPage(
    c,
    `Queues · ${tenant.name}`,
    <StaffShell
      tenantName={tenant.name}
      staffName={staff.fullName}
      csrfToken={c.var.csrfToken}
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
              csrfToken={c.var.csrfToken}
              queue={q}
              state={failed?.queueId === q.id ? failed.state : undefined}
              submitLabel="Save changes"
            />
            <form method="post" action={`/dashboard/queues/${q.id}/delete`} class="mt-3">
              <input type="hidden" name="_csrf" value={c.var.csrfToken} />
              <button type="submit" class="text-sm text-red-700 underline">
                Delete this queue
              </button>
            </form>
          </div>
        </details>
      ))}
      <section class="mt-8 rounded-xl bg-white p-4 shadow-sm">
        <h2 class="mb-4 font-semibold">New queue</h2>
        <QueueSettingsForm
          action="/dashboard/queues"
          csrfToken={c.var.csrfToken}
          state={failed?.queueId === "new" ? failed.state : undefined}
          submitLabel="Create queue"
        />
      </section>
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
    await createQueue(c.var.scope, input);
  });
});

app.post("/:id/settings", (c) => {
  const queueId = param(UuidSchema, c.req.param("id"));
  return fromForm(c, queueId, async (body) => {
    await updateQueue(
      c.var.scope,
      queueId,
      validate(UpdateQueueSchema, queueFormToInput(body)),
    );
  });
});

app.post("/:id/toggle", (c) => {
  const queueId = param(UuidSchema, c.req.param("id"));
  return fromForm(c, queueId, async () => {
    await toggleQueue(c.var.scope, queueId);
  }, false);
});

app.post("/:id/delete", (c) => {
  const queueId = param(UuidSchema, c.req.param("id"));
  return fromForm(c, queueId, async () => {
    await deleteQueue(c.var.scope, queueId);
  }, false);
});

export default app;
