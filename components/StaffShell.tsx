import type { ComponentChildren } from "preact";

/** Frame of every staff page: tenant, who is signed in, sign out. */
export function StaffShell(
  { tenantName, staffName, csrfToken, canManage, children }: {
    tenantName: string;
    staffName: string;
    csrfToken: string;
    /** OWNER and ADMIN see the link to queue management. */
    canManage?: boolean;
    children: ComponentChildren;
  },
) {
  return (
    <div>
      <header class="flex items-center justify-between bg-slate-900 px-4 py-3 text-white">
        <nav class="flex items-center gap-4">
          <a href="/dashboard" class="font-semibold">{tenantName}</a>
          {canManage && (
            <a href="/dashboard/queues" class="text-sm text-slate-300 hover:text-white">
              Manage queues
            </a>
          )}
          {canManage && (
            <a href="/dashboard/users" class="text-sm text-slate-300 hover:text-white">Users</a>
          )}
          {canManage && (
            <a href="/dashboard/devices" class="text-sm text-slate-300 hover:text-white">Screens</a>
          )}
          {canManage && (
            <a href="/dashboard/settings" class="text-sm text-slate-300 hover:text-white">
              Settings
            </a>
          )}
        </nav>
        <form method="post" action="/api/auth/logout" class="flex items-center gap-3 text-sm">
          <span class="text-slate-300">{staffName}</span>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <button type="submit" class="rounded bg-slate-700 px-3 py-1 hover:bg-slate-600">
            Sign out
          </button>
        </form>
      </header>
      <main class="mx-auto max-w-5xl px-4 py-6">{children}</main>
    </div>
  );
}
