/** Every catalogue, for the completeness test. Add each new area's catalogue here. */
import type { Catalogue } from "../catalogue.ts";
import { commonMessages } from "./common.ts";
import { tenantStatusMessages } from "./tenant_status.ts";

export const ALL_CATALOGUES: Catalogue<string>[] = [
  commonMessages as Catalogue<string>,
  tenantStatusMessages as Catalogue<string>,
];
