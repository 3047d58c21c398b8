import type { Context } from "hono";
import type { z } from "zod";
import type { AppEnv } from "./app_env.ts";
import { fieldErrors, HttpError } from "./errors.ts";

/** True when the request carries an HTML form (as opposed to JSON). */
export function isFormPost<E extends AppEnv>(c: Context<E>): boolean {
  const type = c.req.header("content-type") ?? "";
  return type.startsWith("application/x-www-form-urlencoded") ||
    type.startsWith("multipart/form-data");
}

/** A form body, parsed once; a malformed one is a 400, not a crash. */
export async function parseFormBody<E extends AppEnv>(
  c: Context<E>,
): Promise<Record<string, unknown>> {
  try {
    return await c.req.parseBody();
  } catch {
    throw new HttpError(400, "The form could not be read; reload the page and try again");
  }
}

/** Refuses text the database cannot store (a NUL character) with a 400 instead of a 500. */
function assertNoNul(data: unknown): void {
  if (typeof data === "string") {
    if (data.includes("\0")) throw new HttpError(400, "Text may not contain NUL characters");
  } else if (data && typeof data === "object") {
    for (const [k, v] of Object.entries(data)) {
      assertNoNul(k);
      assertNoNul(v);
    }
  }
}

/** The body as a plain object, from JSON or a form; malformed JSON is a 400. */
export async function readBody<E extends AppEnv>(c: Context<E>): Promise<Record<string, unknown>> {
  if (isFormPost(c)) {
    const body = await parseFormBody(c);
    // The CSRF token is the edge's business (checked before the route): no schema sees it.
    const fields = Object.fromEntries(
      Object.entries(body).filter(([k, v]) => k !== "_csrf" && typeof v === "string"),
    );
    assertNoNul(fields);
    return fields;
  }
  const text = await c.req.text();
  if (text.trim() === "") return {};
  try {
    const data = JSON.parse(text);
    if (data && typeof data === "object" && !Array.isArray(data)) {
      assertNoNul(data);
      return data;
    }
  } catch (err) {
    if (err instanceof HttpError) throw err;
    // falls through to the 400 below
  }
  throw new HttpError(400, "The request body must be a JSON object");
}

/** Validates with zod; failures are a 422 naming each field. */
export function validate<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
  const result = schema.safeParse(data);
  if (!result.success) {
    throw new HttpError(422, "Please check the highlighted fields", {
      fields: fieldErrors(result.error.issues),
    });
  }
  return result.data;
}

/** A path parameter that must match a schema; anything else is the same 404 as an unknown id. */
export function param<S extends z.ZodType>(schema: S, value: string | undefined): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new HttpError(404, "Not found");
  return result.data;
}
