/** The islands' `customerMessages`: read from the page (see `../page_catalogue.ts`). */
import type { Catalogue } from "../catalogue.ts";
import type { customerMessages as server } from "../messages/customer.ts";
import { pageCatalogue } from "../page_catalogue.ts";

type Key = typeof server extends Catalogue<infer K> ? K : never;
export const customerMessages: Catalogue<Key> = pageCatalogue<Key>("customer");
