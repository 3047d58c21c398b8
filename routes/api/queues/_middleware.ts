import { tenantArea } from "../../../lib/http/area_guards.ts";

/** `/api/queues`: a tenant's host only (customers join and follow their place here). */
export default tenantArea();
