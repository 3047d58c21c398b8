import { tenantArea } from "../../lib/http/area_guards.ts";

/** The staff dashboard lives on a tenant's host. */
export default tenantArea();
