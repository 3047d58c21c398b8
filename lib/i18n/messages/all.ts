/** Every catalogue, for the completeness test. Add each new area's catalogue here. */
import type { Catalogue } from "../catalogue.ts";
import { commonMessages } from "./common.ts";
import { customerMessages } from "./customer.ts";
import { notifyMessages } from "./notify.ts";
import { refusalMessages } from "./refusals.ts";
import { statusMessages } from "./status.ts";

export const ALL_CATALOGUES: Catalogue<string>[] = [
  commonMessages as Catalogue<string>,
  customerMessages as Catalogue<string>,
  statusMessages as Catalogue<string>,
  refusalMessages as Catalogue<string>,
  notifyMessages as Catalogue<string>,
];
