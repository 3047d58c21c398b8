import type { ComponentChildren } from "preact";

const NAV = [
  ["/backoffice", "Dashboard"],
  ["/backoffice/tenants", "Tenants"],
  ["/backoffice/subscriptions", "Plans"],
  ["/backoffice/users", "Users"],
  ["/backoffice/merchants", "Merchants"],
  ["/backoffice/audit", "Audit log"],
  ["/backoffice/settings", "Settings"],
  ["/backoffice/admins", "Admins"],
] as const;

/** Every signed-in back-office page: the header, the navigation (wraps at phone width), a body. */
export function BackofficeShell(
  { adminName, csrfToken, current, title, children }: {
    adminName: string;
    csrfToken: string;
    current: string;
    title: string;
    children: ComponentChildren;
  },
) {
  return (
    <div>
      <header class="bg-indigo-950 px-4 py-3 text-white">
        <div class="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-2">
          <span class="font-semibold">StoreHub QMS back office</span>
          <form method="post" action="/backoffice/logout" class="flex items-center gap-3 text-sm">
            <span class="text-indigo-200">{adminName}</span>
            <input type="hidden" name="_csrf" value={csrfToken} />
            <button type="submit" class="rounded bg-indigo-800 px-3 py-1">Sign out</button>
          </form>
        </div>
        <nav aria-label="Back office" class="mx-auto mt-2 flex max-w-5xl flex-wrap gap-1 text-sm">
          {NAV.map(([href, label]) => (
            <a
              key={href}
              href={href}
              aria-current={current === href ? "page" : undefined}
              class={`rounded px-2 py-1 focus:outline focus:outline-2 focus:outline-white ${
                current === href ? "bg-indigo-700" : "hover:bg-indigo-800"
              }`}
            >
              {label}
            </a>
          ))}
        </nav>
      </header>
      <main class="mx-auto max-w-5xl px-4 py-6">
        <h1 class="text-xl font-bold">{title}</h1>
        {children}
      </main>
    </div>
  );
}

/** A message above a form: a refusal (role=alert) or a confirmation (role=status). */
export function Notice({ error, ok }: { error?: string | null; ok?: string | null }) {
  if (error) {
    return <p role="alert" class="mt-4 rounded bg-red-50 p-3 text-sm text-red-800">{error}</p>;
  }
  if (ok) {
    return <p role="status" class="mt-4 rounded bg-green-50 p-3 text-sm text-green-800">{ok}</p>;
  }
  return null;
}

export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export const BUTTON =
  "rounded-lg bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800 " +
  "focus:outline focus:outline-2 focus:outline-offset-2 focus:outline-indigo-700";
export const BUTTON_DANGER =
  "rounded-lg bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800 " +
  "focus:outline focus:outline-2 focus:outline-offset-2 focus:outline-red-700";
export const INPUT = "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2";
