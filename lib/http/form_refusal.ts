import { asHttpError } from "./error_map.ts";
import type { HttpError } from "./errors.ts";

/**
 * Runs a change a form asked for. A refusal with one of `statuses` (the ones the page can show
 * beside the form) comes back as its HttpError; success is null; anything else is thrown on, to
 * the error page. Every dashboard form puts its refusals back on its page this way.
 */
export async function refusalOf(
  change: () => Promise<unknown>,
  statuses: readonly number[],
): Promise<HttpError | null> {
  try {
    await change();
    return null;
  } catch (caught) {
    const err = asHttpError(caught);
    if (!err || !statuses.includes(err.status)) throw caught;
    return err;
  }
}

/** What a person typed into a form, to show it again: its text fields, without the CSRF token. */
export function typedValues(body: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(body).filter(([k, v]) => k !== "_csrf" && typeof v === "string"),
  ) as Record<string, string>;
}
