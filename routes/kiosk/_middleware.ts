import { tenantArea } from "../../lib/http/area_guards.ts";

/** The kiosk at the door: a tenant's host; each route checks the kiosk's own device link. */
export default tenantArea();
