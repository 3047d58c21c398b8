/** The islands' `statusMessages`: read from the page (see `../page_catalogue.ts`). */
import type { Catalogue } from "../catalogue.ts";
import type { statusMessages as server } from "../messages/status.ts";
import { pageCatalogue } from "../page_catalogue.ts";

type Key = typeof server extends Catalogue<infer K> ? K : never;
export const statusMessages: Catalogue<Key> = pageCatalogue<Key>("status");
