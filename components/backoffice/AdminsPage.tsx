import type { AdminRow } from "../../lib/backoffice/admins_repo.ts";
import { Field } from "../Field.tsx";
import { BUTTON, BUTTON_DANGER, Csrf, Notice } from "./BackofficeShell.tsx";

/** Back-office admins: who they are, the invite form, and deactivate/reactivate per row. */
export function AdminsPage(
  { admins, selfId, csrfToken, values = {}, fields = {}, message, ok }: {
    admins: AdminRow[];
    selfId: string;
    csrfToken: string;
    values?: Record<string, string>;
    fields?: Record<string, string>;
    message?: string;
    ok?: string;
  },
) {
  return (
    <div>
      <Notice error={message} ok={ok} />
      <ul class="mt-4 divide-y rounded-lg bg-white text-sm shadow-sm">
        {admins.map((a) => (
          <li key={a.id} class="flex flex-wrap items-center justify-between gap-2 p-2">
            <span>
              <strong>{a.email}</strong> · {a.fullName}
              {a.invited ? " · invited" : ""} · {a.isActive ? "active" : "inactive"}
            </span>
            {a.id !== selfId && (
              <form method="post" action={`/backoffice/admins/${a.id}/toggle`}>
                <Csrf token={csrfToken} />
                <input type="hidden" name="isActive" value={a.isActive ? "false" : "true"} />
                <button type="submit" class={a.isActive ? BUTTON_DANGER : BUTTON}>
                  {a.isActive ? "Deactivate admin" : "Reactivate admin"}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <section class="mt-6 rounded-lg bg-white p-4 shadow-sm">
        <h2 class="text-lg font-semibold">Invite an admin</h2>
        <form method="post" action="/backoffice/admins" class="mt-3" novalidate>
          <Csrf token={csrfToken} />
          <Field
            name="email"
            label="Email"
            value={values.email}
            error={fields.email}
            inputProps={{ type: "email" }}
          />
          <Field
            name="fullName"
            label="Full name"
            value={values.fullName}
            error={fields.fullName}
          />
          <button type="submit" class={BUTTON}>Send admin invitation</button>
        </form>
      </section>
    </div>
  );
}

/** The page an invitation link opens: choose a password, then sign in. */
export function AdminPasswordPage(
  { token, csrfToken, message, fields = {} }: {
    token: string;
    csrfToken: string;
    message?: string;
    fields?: Record<string, string>;
  },
) {
  return (
    <main class="mx-auto max-w-sm px-4 py-16">
      <h1 class="text-2xl font-bold">Choose your back-office password</h1>
      <Notice error={message} />
      {token && (
        <form method="post" action="/backoffice/password" class="mt-6" novalidate>
          <Csrf token={csrfToken} />
          <input type="hidden" name="token" value={token} />
          <Field
            name="password"
            label="New password (at least 10 characters)"
            error={fields.password}
            inputProps={{ type: "password", autocomplete: "new-password" }}
          />
          <button type="submit" class={BUTTON}>Save the password</button>
        </form>
      )}
    </main>
  );
}
