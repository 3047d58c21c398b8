import { DomainError } from "../errors.ts";
import type { Locale } from "../i18n/locales.ts";
import { customerMessages } from "../i18n/messages/customer.ts";
import { refusalMessages } from "../i18n/messages/refusals.ts";
import type { HttpError } from "./errors.ts";

/** What a refused customer form shows: the message and each field's, in the page's language. */
export interface CustomerRefusal {
  message: string;
  fields?: Record<string, string>;
}

type RefusalKey = Parameters<ReturnType<typeof refusalMessages.for>>[0];
type FieldKey = Parameters<ReturnType<typeof customerMessages.for>>[0];

function retrySeconds(err: HttpError): number {
  return Number(err.options.headers?.["Retry-After"] ?? 60) || 60;
}

/**
 * A refusal in the customer's language. English keeps the edge's own words (they name the
 * exact rule a field broke); other languages say, per field, what the field needs.
 */
export function customerRefusal(
  err: HttpError,
  caught: unknown,
  locale: Locale,
): CustomerRefusal {
  if (locale === "en") {
    return err.status >= 500 && err.code !== "unavailable"
      ? { message: refusalMessages.for("en")("server_error") }
      : { message: err.message, fields: err.options.fields };
  }
  const t = refusalMessages.for(locale);
  const f = customerMessages.for(locale);
  const fields = err.options.fields
    ? Object.fromEntries(
      Object.keys(err.options.fields).map((name) => {
        const key = `field.${name}` as FieldKey;
        return [name, key in customerMessages.messages.en ? f(key) : t("invalid_input")];
      }),
    )
    : undefined;
  const params = caught instanceof DomainError ? caught.params as Record<string, unknown> : {};
  const words: Record<string, string | number> = {
    seconds: retrySeconds(err),
    ...Object.fromEntries(
      Object.entries(params).filter(([, v]) => typeof v === "string" || typeof v === "number"),
    ) as Record<string, string | number>,
  };
  const code = err.code === "chat_rate_limited" ? "rate_limited" : err.code;
  if (code === "not_found" && params.resource === "recovery") {
    return { message: t("recovery"), fields };
  }
  if (err.status >= 500) {
    return { message: t(err.code === "unavailable" ? "unavailable" : "server_error"), fields };
  }
  if (code in refusalMessages.messages.en) return { message: t(code as RefusalKey, words), fields };
  return { message: err.message, fields };
}
