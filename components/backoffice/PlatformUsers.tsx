import type { PlatformUserRow } from "../../lib/backoffice/platform_users_repo.ts";
import { BUTTON, BUTTON_DANGER, Csrf, INPUT, Notice } from "./BackofficeShell.tsx";

const when = (d: Date | null) => d ? d.toISOString().replace("T", " ").slice(0, 16) : "never";

/** Users of every tenant, searchable. */
export function PlatformUserList(
  { rows, total, q, page, perPage }: {
    rows: PlatformUserRow[];
    total: number;
    q?: string;
    page: number;
    perPage: number;
  },
) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  const link = (p: number) =>
    `/backoffice/users?${new URLSearchParams({ q: q ?? "", page: String(p) })}`;
  return (
    <section class="mt-4">
      <form
        method="get"
        action="/backoffice/users"
        role="search"
        class="flex flex-wrap items-end gap-2"
      >
        <label class="grow">
          <span class="text-sm font-medium">Search users</span>
          <input name="q" value={q ?? ""} class={INPUT} placeholder="Email, name or tenant" />
        </label>
        <button type="submit" class="rounded-lg border px-4 py-2">Search</button>
      </form>
      <p class="mt-3 text-sm text-slate-600">{total} user{total === 1 ? "" : "s"}</p>
      <ul class="mt-2 divide-y rounded-lg bg-white text-sm shadow-sm">
        {rows.map((u) => (
          <li key={u.id} class="flex flex-wrap justify-between gap-2 p-2">
            <a class="font-medium text-indigo-700 underline" href={`/backoffice/users/${u.id}`}>
              {u.email}
            </a>
            <span>
              {u.tenantName} · {u.role} · {u.isActive ? "active" : "inactive"} · last sign-in{" "}
              {when(u.lastLogin)}
            </span>
          </li>
        ))}
      </ul>
      <nav aria-label="Pages" class="mt-3 flex gap-3 text-sm">
        {page > 1 && <a href={link(page - 1)}>Previous</a>}
        <span>Page {page} of {pages}</span>
        {page < pages && <a href={link(page + 1)}>Next</a>}
      </nav>
    </section>
  );
}

/** One user: tenant, role, last sign-in, sessions, and the deactivate and reset forms. */
export function PlatformUserDetails(
  { user, sessions, csrfToken, message, ok }: {
    user: PlatformUserRow;
    sessions: number;
    csrfToken: string;
    message?: string;
    ok?: string;
  },
) {
  const action = `/backoffice/users/${user.id}`;
  return (
    <section class="mt-4 rounded-lg bg-white p-4 shadow-sm">
      <Notice error={message} ok={ok} />
      <dl class="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt class="font-medium">Name</dt>
        <dd>{user.fullName}</dd>
        <dt class="font-medium">Tenant</dt>
        <dd>
          <a class="underline" href={`/backoffice/tenants/${user.tenantId}`}>{user.tenantName}</a>
        </dd>
        <dt class="font-medium">Role</dt>
        <dd>{user.role}</dd>
        <dt class="font-medium">Status</dt>
        <dd data-testid="user-status">{user.isActive ? "Active" : "Inactive"}</dd>
        <dt class="font-medium">Last sign-in</dt>
        <dd>{when(user.lastLogin)}</dd>
        <dt class="font-medium">Active sessions</dt>
        <dd data-testid="user-sessions">{sessions}</dd>
      </dl>
      <div class="mt-4 flex flex-wrap gap-3">
        <form method="post" action={`${action}/toggle`}>
          <Csrf token={csrfToken} />
          <input type="hidden" name="isActive" value={user.isActive ? "false" : "true"} />
          <button type="submit" class={user.isActive ? BUTTON_DANGER : BUTTON}>
            {user.isActive ? "Deactivate user" : "Reactivate user"}
          </button>
        </form>
        <form method="post" action={`${action}/reset-password`}>
          <Csrf token={csrfToken} />
          <button type="submit" class={BUTTON}>Send password reset</button>
        </form>
      </div>
    </section>
  );
}
