/**
 * What the app runs that main.ts does not import: the password worker (started by URL) and the
 * Tailwind CLI that the first start builds the CSS with (a child process). Never run:
 * `deno task start` names this file beside main.ts to `deno install --entrypoint`, so a fresh
 * clone fetches the app's packages and none of the test tools. deno.app.lock pins that set.
 */
export type {} from "../auth/password_worker.ts";
// @ts-ignore: the CLI package has no importable entry; only that it gets installed matters
export type {} from "@tailwindcss/cli";
export type {} from "tailwindcss";
