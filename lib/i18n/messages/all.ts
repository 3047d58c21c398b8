/** Every catalogue, for the completeness test. Add each new area's catalogue here. */
import type { Catalogue } from "../catalogue.ts";
import { commonMessages } from "./common.ts";
import { conversationMessages } from "./conversation.ts";
import { customerMessages } from "./customer.ts";
import { notifyMessages } from "./notify.ts";
import { privacyMessages } from "./privacy.ts";
import { refusalMessages } from "./refusals.ts";
import { screenMessages } from "./screens.ts";
import { statusMessages } from "./status.ts";
import { tenantStatusMessages } from "./tenant_status.ts";

export const ALL_CATALOGUES: Catalogue<string>[] = [
  commonMessages as Catalogue<string>,
  conversationMessages as Catalogue<string>,
  customerMessages as Catalogue<string>,
  notifyMessages as Catalogue<string>,
  privacyMessages as Catalogue<string>,
  refusalMessages as Catalogue<string>,
  screenMessages as Catalogue<string>,
  statusMessages as Catalogue<string>,
  tenantStatusMessages as Catalogue<string>,
];
