import { MANAGERS, staffArea, tenantArea } from "../../../lib/http/area_guards.ts";

/** A customer's data: OWNER and ADMIN signed in as themselves. */
export default [tenantArea(), staffArea({ roles: MANAGERS, personOnly: true })];
