import type { ComponentChildren } from "preact";
import FormAssist from "../islands/FormAssist.tsx";

/** Frame of every staff page: tenant, who is signed in, sign out. */
export function StaffShell(
  { tenantName, staffName, csrfToken, canManage, wide, children }: {
    tenantName: string;
    staffName: string;
    csrfToken: string;
    /** OWNER and ADMIN see the link to queue management. */
    canManage?: boolean;
    /** The board: room for the dense list's one-line rows on a laptop or host-stand screen. */
    wide?: boolean;
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
          {canManage && (
            <a href="/dashboard/analytics" class="text-sm text-slate-300 hover:text-white">
              Analytics
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
      <main class={`mx-auto ${wide ? "max-w-7xl" : "max-w-5xl"} px-4 py-6`}>
        {children}
        <FormAssist />
      </main>
    </div>
  );
}
