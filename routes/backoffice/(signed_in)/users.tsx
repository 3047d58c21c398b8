import { type Context, Hono } from "hono";
import { z } from "zod";
import type { VNode } from "preact";
import type { BackofficeEnv } from "../../../lib/http/app_env.ts";
import { isFormPost, param, readBody, validate } from "../../../lib/http/input.ts";
import { renderPage } from "../../../lib/http/render.tsx";
import { wantsJson } from "../../../lib/http/request_context.ts";
import { backofficeScope } from "../../../lib/http/backoffice_scope.ts";
import { tenantOrigin } from "../../../lib/http/tenant_origin.ts";
import { FlagSchema } from "../../../lib/backoffice/plan_terms.ts";
import {
  listUsersAcrossTenants,
  platformUserDetails,
  sendPasswordReset,
  setUserActive,
} from "../../../lib/backoffice/platform_users.ts";
import { BackofficeShell } from "../../../components/backoffice/BackofficeShell.tsx";
import {
  PlatformUserDetails,
  PlatformUserList,
} from "../../../components/backoffice/PlatformUsers.tsx";

/** `/backoffice/users`: every tenant's users; deactivate (ends sessions) and password resets. */
const app = new Hono<BackofficeEnv>();

const ListQuery = z.object({
  q: z.string().trim().max(100).optional().transform((v) => v || undefined),
  tenantId: z.uuid().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  perPage: z.coerce.number().int().min(1).max(100).catch(50),
});

const ID = "/:id{[0-9a-fA-F-]{36}}";
const idOf = (c: Context<BackofficeEnv>) => param(z.uuid(), c.req.param("id"));

function shell(c: Context<BackofficeEnv>, title: string, body: VNode) {
  return (
    <BackofficeShell
      adminName={c.get("admin").fullName}
      csrfToken={c.get("csrfToken")}
      current="/backoffice/users"
      title={title}
    >
      {body}
    </BackofficeShell>
  );
}

app.get("/", async function usersList(c) {
  const query = ListQuery.parse(c.req.query());
  const { rows, total } = await listUsersAcrossTenants(c.get("deps").db, query);
  if (wantsJson(c)) return c.json({ users: rows, total, page: query.page });
  return renderPage(
    c,
    "Users · Back office",
    shell(c, "Users", <PlatformUserList rows={rows} total={total} {...query} />),
  );
});

app.get(ID, async function userShow(c) {
  const { user, sessions } = await platformUserDetails(c.get("deps").db, c.get("deps").kv, idOf(c));
  if (wantsJson(c)) return c.json({ user, sessions });
  const flash = c.req.query("done");
  return renderPage(
    c,
    `${user.email} · Back office`,
    shell(
      c,
      user.email,
      <PlatformUserDetails
        user={user}
        sessions={sessions}
        csrfToken={c.get("csrfToken")}
        ok={flash === "reset"
          ? "A password reset link is on its way."
          : flash === "toggled"
          ? "Saved; their sessions ended."
          : undefined}
      />,
    ),
  );
});

app.post(`${ID}/toggle`, async function userToggle(c) {
  const { isActive } = validate(z.object({ isActive: FlagSchema }).strict(), await readBody(c));
  const user = await setUserActive(backofficeScope(c), idOf(c), isActive);
  if (!isFormPost(c)) return c.json({ user });
  return c.redirect(`/backoffice/users/${user.id}?done=toggled`, 303);
});

app.post(`${ID}/reset-password`, async function userReset(c) {
  await readBody(c);
  const id = idOf(c);
  await sendPasswordReset(backofficeScope(c), id, (slug) => tenantOrigin(c, slug));
  if (!isFormPost(c)) return c.json({ sent: true }, 202);
  return c.redirect(`/backoffice/users/${id}?done=reset`, 303);
});

export default app;
