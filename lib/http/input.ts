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

/**
 * Text the database can store, in every body `readBody` returns: keys and values alike, at any
 * depth. A NUL character is refused with a 400; a lone UTF-16 surrogate (only a JSON `\ud800`
 * escape can make one) becomes U+FFFD, as any UTF-8 encoder would write it, instead of failing
 * in PostgreSQL's JSON parser.
 */
export function cleanText(data: unknown): unknown {
  if (typeof data === "string") {
    if (data.includes("\0")) throw new HttpError(400, "Text may not contain NUL characters");
    return data.toWellFormed();
  }
  if (Array.isArray(data)) return data.map(cleanText);
  if (data && typeof data === "object") {
    return Object.fromEntries(
      Object.entries(data).map(([k, v]) => [cleanText(k) as string, cleanText(v)]),
    );
  }
  return data;
}

/** The body as a plain object, from JSON or a form; malformed JSON is a 400. */
export async function readBody<E extends AppEnv>(c: Context<E>): Promise<Record<string, unknown>> {
  if (isFormPost(c)) {
    const body = await parseFormBody(c);
    // The CSRF token is the edge's business (checked before the route): no schema sees it.
    const fields = Object.fromEntries(
      Object.entries(body).filter(([k, v]) => k !== "_csrf" && typeof v === "string"),
    );
    return cleanText(fields) as Record<string, unknown>;
  }
  const text = await c.req.text();
  if (text.trim() === "") return {};
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = null;
  }
  if (data && typeof data === "object" && !Array.isArray(data)) {
    return cleanText(data) as Record<string, unknown>;
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
