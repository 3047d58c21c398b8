import { staffArea } from "../../../../lib/http/area_guards.ts";

/** The board's actions: any signed-in staff member of the tenant, or its API key. */
export default staffArea();
