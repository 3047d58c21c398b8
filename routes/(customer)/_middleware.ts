import { tenantArea } from "../../lib/http/area_guards.ts";

/** The customers' pages: a tenant's host only. */
export default tenantArea();
