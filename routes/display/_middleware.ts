import { tenantArea } from "../../lib/http/area_guards.ts";

/** The TV display: a tenant's host; each route checks the display's own device link. */
export default tenantArea();
