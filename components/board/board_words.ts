import { commonMessages } from "../../lib/i18n/messages/common.ts";

// Staff pages speak English for now; the words still come from the catalogue.
const t = commonMessages.for("en");

/** "1 guest", "4 guests". */
export function guests(count: number): string {
  return t.plural("guests", count);
}
