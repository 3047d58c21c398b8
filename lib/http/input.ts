import type { Context } from "hono";
import type { z } from "zod";
import type { AppEnv } from "./app_env.ts";
import { fieldErrors, HttpError } from "./errors.ts";

/** True when the request carries an HTML form (as opposed to JSON). */
export function isFormPost(c: Context<AppEnv>): boolean {
  const type = c.req.header("content-type") ?? "";
  return type.startsWith("application/x-www-form-urlencoded") ||
    type.startsWith("multipart/form-data");
}

/** The body as a plain object, from JSON or a form; malformed JSON is a 400. */
export async function readBody(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  if (isFormPost(c)) {
    const body = await c.req.parseBody();
    return Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === "string"));
  }
  const text = await c.req.text();
  if (text.trim() === "") return {};
  try {
    const data = JSON.parse(text);
    if (data && typeof data === "object" && !Array.isArray(data)) return data;
  } catch {
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
