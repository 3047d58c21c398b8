import { staffArea } from "../../../../../lib/http/area_guards.ts";

/** An entry's chat as staff read it: any signed-in staff member of the tenant, or its API key. */
export default staffArea();
