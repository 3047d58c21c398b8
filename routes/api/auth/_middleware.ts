import { tenantArea } from "../../../lib/http/area_guards.ts";

/** Staff sign-in, tokens and password resets: on a tenant's host. */
export default tenantArea();
