import { Field } from "./Field.tsx";

export interface LoginFormProps {
  title: string;
  action: string;
  csrfToken: string;
  email?: string;
  next?: string;
  message?: string;
  fields?: Record<string, string>;
  /** Single sign-on entry, when one is configured (the back office). */
  ssoHref?: string;
  /** Where to ask for a password reset link (tenant staff). */
  forgotHref?: string;
  /** A neutral notice, e.g. after a password change. */
  notice?: string;
}

export function LoginForm(props: LoginFormProps) {
  return (
    <main class="mx-auto max-w-sm px-4 py-16">
      <h1 class="text-2xl font-bold">{props.title}</h1>
      <form method="post" action={props.action} class="mt-6" novalidate>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        {props.next && <input type="hidden" name="next" value={props.next} />}
        {props.notice && (
          <p role="status" class="mb-4 rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            {props.notice}
          </p>
        )}
        {props.message && (
          <p role="alert" class="mb-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
            {props.message}
          </p>
        )}
        <Field
          name="email"
          label="Email"
          value={props.email}
          error={props.fields?.email}
          autofocus={Boolean(props.message) && !props.fields?.password}
          inputProps={{ type: "email", autocomplete: "username", required: true }}
        />
        <Field
          name="password"
          label="Password"
          error={props.fields?.password}
          autofocus={Boolean(props.fields?.password) && !props.fields?.email}
          inputProps={{ type: "password", autocomplete: "current-password", required: true }}
        />
        <button
          type="submit"
          class="w-full rounded-lg bg-slate-900 px-4 py-3 font-semibold text-white hover:bg-slate-700"
        >
          Sign in
        </button>
      </form>
      {props.forgotHref && (
        <p class="mt-4 text-sm">
          <a href={props.forgotHref} class="text-slate-700 underline">Forgot your password?</a>
        </p>
      )}
      {props.ssoHref && (
        <a
          href={props.ssoHref}
          class="mt-4 block w-full rounded-lg border border-slate-300 px-4 py-3 text-center font-semibold text-slate-900 hover:bg-slate-50"
        >
          Sign in with SSO
        </a>
      )}
    </main>
  );
}
