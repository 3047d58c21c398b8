/** The code an edge error carries when it names none: one per status. */
const STATUS_CODES: Record<number, string> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  413: "too_large",
  415: "unsupported_media_type",
  422: "invalid_input",
  429: "rate_limited",
  502: "upstream_failed",
  503: "unavailable",
};

/**
 * An error of the HTTP edge itself (authentication, CSRF, rate limits, malformed bodies); its
 * message is safe to show the user. Domain code throws `DomainError` instead.
 */
export class HttpError extends Error {
  readonly code: string;

  constructor(
    readonly status: number,
    message: string,
    readonly options: {
      fields?: Record<string, string>;
      headers?: Record<string, string>;
      code?: string;
    } = {},
  ) {
    super(message);
    this.name = "HttpError";
    this.code = options.code ?? STATUS_CODES[status] ?? "error";
  }
}

export function notFound(message = "Not found"): HttpError {
  return new HttpError(404, message);
}

/** zod issues as `{ field: message }`, the first message of each field. */
export function fieldErrors(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".") || "_";
    fields[key] ??= issue.message;
  }
  return fields;
}
