import { MANAGERS, staffArea, tenantArea } from "../../../lib/http/area_guards.ts";

/** Users, API keys and settings: OWNER and ADMIN signed in as themselves, never an API key. */
export default [tenantArea(), staffArea({ roles: MANAGERS, personOnly: true })];
