import { backofficeArea } from "../../lib/http/area_guards.ts";

/** The back office answers only on the admin host (or the apex). */
export default backofficeArea();
