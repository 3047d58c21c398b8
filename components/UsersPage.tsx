import type { ListedUser } from "../lib/users/user_admin.ts";
import { Field } from "./Field.tsx";

const ROLES = ["STAFF", "ADMIN", "OWNER"] as const;

export interface UsersPageProps {
  users: ListedUser[];
  csrfToken: string;
  /** The signed-in manager: an ADMIN cannot touch owners or make owners. */
  viewerRole: "OWNER" | "ADMIN";
  /** The signed-in person: their own row has no forms (another manager changes it). */
  viewerId: string;
  notice?: string;
  error?: { message: string; fields?: Record<string, string>; values?: Record<string, string> };
}

export function UsersPage(
  { users, csrfToken, viewerRole, viewerId, notice, error }: UsersPageProps,
) {
  const roles = viewerRole === "OWNER" ? ROLES : ROLES.filter((r) => r !== "OWNER");
  return (
    <div>
      <h1 class="text-xl font-bold">Users</h1>
      {notice && <p role="status" class="mt-2 text-sm text-emerald-700">{notice}</p>}
      {error && (
        <p role="alert" class="mt-2 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {error.message}
        </p>
      )}
      <ul class="mt-4 divide-y rounded-xl bg-white shadow-sm">
        {users.map((u) => {
          const self = u.id === viewerId;
          const locked = self || (viewerRole !== "OWNER" && u.role === "OWNER");
          return (
            <li key={u.id} class="flex flex-wrap items-center gap-3 p-4">
              <div class="min-w-48 flex-1">
                <p class="font-semibold">
                  {u.fullName}
                  {self && <span class="ml-2 text-xs text-slate-600">(you)</span>}
                  {!u.isActive && <span class="ml-2 text-xs text-slate-500">deactivated</span>}
                  {u.invited && u.isActive && !u.invitationFailed && (
                    <span class="ml-2 text-xs text-amber-700">invited</span>
                  )}
                  {u.invitationFailed && u.isActive && (
                    <span class="ml-2 text-xs font-semibold text-red-700">
                      Invitation not delivered: invite this address again to resend
                    </span>
                  )}
                </p>
                <p class="text-sm text-slate-600">{u.email}</p>
              </div>
              {locked
                ? (
                  <p class="text-sm">
                    <span class="font-semibold">{u.role}</span>
                    {self && (
                      <span class="ml-2 text-slate-600" data-testid="own-row-note">
                        Another owner or admin changes your own role
                      </span>
                    )}
                  </p>
                )
                : (
                  <>
                    <form
                      method="post"
                      action={`/dashboard/users/${u.id}`}
                      class="flex items-center gap-2"
                    >
                      <input type="hidden" name="_csrf" value={csrfToken} />
                      <label class="sr-only" for={`role-${u.id}`}>Role of {u.fullName}</label>
                      <select
                        id={`role-${u.id}`}
                        name="role"
                        class="rounded-lg border border-slate-300 px-2 py-1"
                      >
                        {roles.map((r) => (
                          <option key={r} value={r} selected={u.role === r}>{r}</option>
                        ))}
                      </select>
                      <button
                        type="submit"
                        class="rounded-lg bg-slate-200 px-3 py-1 text-sm font-semibold"
                      >
                        Change role
                      </button>
                    </form>
                    <form method="post" action={`/dashboard/users/${u.id}`}>
                      <input type="hidden" name="_csrf" value={csrfToken} />
                      <input type="hidden" name="isActive" value={u.isActive ? "false" : "true"} />
                      <button
                        type="submit"
                        class="rounded-lg px-3 py-1 text-sm font-semibold text-red-700 ring-1 ring-red-200"
                      >
                        {u.isActive ? "Deactivate" : "Reactivate"}
                      </button>
                    </form>
                  </>
                )}
            </li>
          );
        })}
      </ul>
      <section class="mt-8 rounded-xl bg-white p-4 shadow-sm">
        <h2 class="mb-4 font-semibold">Invite someone</h2>
        <form method="post" action="/dashboard/users" novalidate>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <Field
            name="fullName"
            label="Name"
            value={error?.values?.fullName}
            error={error?.fields?.fullName}
            inputProps={{ maxLength: 100 }}
            counter
          />
          <Field
            name="email"
            label="Email"
            value={error?.values?.email}
            error={error?.fields?.email}
            inputProps={{ type: "email" }}
          />
          <label class="block text-sm font-medium text-slate-700" for="invite-role">Role</label>
          <select
            id="invite-role"
            name="role"
            class="mb-4 mt-1 rounded-lg border border-slate-300 px-2 py-2"
          >
            {roles.map((r) => (
              <option key={r} value={r} selected={error?.values?.role === r}>{r}</option>
            ))}
          </select>
          <div>
            <button
              type="submit"
              class="rounded-lg bg-indigo-600 px-4 py-2 font-semibold text-white"
            >
              Send invitation
            </button>
          </div>
        </form>
      </section>
    </div>
  );
}
