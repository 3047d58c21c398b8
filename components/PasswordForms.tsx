import { Field } from "./Field.tsx";

export interface FormNotice {
  text: string;
  tone: "info" | "error";
}

function Notice({ notice }: { notice?: FormNotice }) {
  if (!notice) return null;
  return notice.tone === "error"
    ? (
      <p role="alert" class="mb-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
        {notice.text}
      </p>
    )
    : (
      <p role="status" class="mb-4 rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
        {notice.text}
      </p>
    );
}

const BUTTON =
  "w-full rounded-lg bg-slate-900 px-4 py-3 font-semibold text-white hover:bg-slate-700";

export function ForgotPasswordForm(
  props: {
    tenantName: string;
    csrfToken: string;
    email?: string;
    notice?: FormNotice;
    fields?: Record<string, string>;
  },
) {
  return (
    <main class="mx-auto max-w-sm px-4 py-16">
      <h1 class="text-2xl font-bold">Forgot your password?</h1>
      <p class="mt-2 text-slate-600">
        Enter the email of your {props.tenantName}{" "}
        staff account and we will send you a link to choose a new password.
      </p>
      <form method="post" action="/api/auth/forgot-password" class="mt-6" novalidate>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <Notice notice={props.notice} />
        <Field
          name="email"
          label="Email"
          value={props.email}
          error={props.fields?.email}
          inputProps={{ type: "email", autocomplete: "username", required: true }}
        />
        <button type="submit" class={BUTTON}>Send the link</button>
      </form>
      <p class="mt-6 text-sm">
        <a href="/dashboard/login" class="text-slate-700 underline">Back to sign-in</a>
      </p>
    </main>
  );
}

export function ResetPasswordForm(
  props: {
    csrfToken: string;
    token: string;
    notice?: FormNotice;
    fields?: Record<string, string>;
    /** An invitation's first visit: welcome the newcomer by the business's name. */
    welcome?: { tenantName: string };
    /** What was typed, shown again after a refusal. */
    values?: { password?: string; confirmPassword?: string };
  },
) {
  const fields = props.fields ?? {};
  return (
    <main class="mx-auto max-w-sm px-4 py-16">
      {props.welcome
        ? (
          <>
            <h1 class="text-2xl font-bold">Welcome to {props.welcome.tenantName}</h1>
            <p class="mt-2 text-slate-700">
              You were invited to help run the queues of{" "}
              {props.welcome.tenantName}. Choose a password to finish joining; you sign in with it
              from now on.
            </p>
          </>
        )
        : <h1 class="text-2xl font-bold">Choose a new password</h1>}
      <form method="post" action="/api/auth/reset-password" class="mt-6" novalidate>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <input type="hidden" name="token" value={props.token} />
        {props.welcome && <input type="hidden" name="welcome" value="1" />}
        <Notice notice={props.notice} />
        <Field
          name="password"
          label={props.welcome ? "Your password" : "New password"}
          hint="At least 8 characters. Signing in again is needed on every device."
          value={props.values?.password}
          error={fields.password}
          inputProps={{
            type: "password",
            autocomplete: "new-password",
            minLength: 8,
            required: true,
          }}
        />
        <Field
          name="confirmPassword"
          label="The same password again"
          value={props.values?.confirmPassword}
          error={fields.confirmPassword}
          inputProps={{ type: "password", autocomplete: "new-password", required: true }}
        />
        <button type="submit" class={BUTTON}>
          {props.welcome ? "Set my password and join" : "Save the new password"}
        </button>
      </form>
    </main>
  );
}

/** The reset link is no good: say so and offer a new one instead of a form that cannot work. */
export function ResetLinkInvalid({ message }: { message: string }) {
  return (
    <main class="mx-auto max-w-sm px-4 py-16">
      <h1 class="text-2xl font-bold">Choose a new password</h1>
      <p role="alert" class="mt-6 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
        {message}
      </p>
      <p class="mt-6 text-sm">
        <a href="/dashboard/password/forgot" class="text-slate-700 underline">
          Send me a new link
        </a>
      </p>
    </main>
  );
}
