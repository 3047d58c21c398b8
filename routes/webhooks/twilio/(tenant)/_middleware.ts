import { tenantArea } from "../../../../lib/http/area_guards.ts";

/** Twilio's callbacks arrive on the tenant's own host (the StatusCallback URL it was given). */
export default tenantArea();
