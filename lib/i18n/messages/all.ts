/** Every catalogue, for the completeness test. Add each new area's catalogue here. */
import type { Catalogue } from "../catalogue.ts";
import { commonMessages } from "./common.ts";
import { conversationMessages } from "./conversation.ts";
import { privacyMessages } from "./privacy.ts";
import { screenMessages } from "./screens.ts";

export const ALL_CATALOGUES: Catalogue<string>[] = [
  commonMessages as Catalogue<string>,
  conversationMessages as Catalogue<string>,
  privacyMessages as Catalogue<string>,
  screenMessages as Catalogue<string>,
];
