import { staffArea } from "../../../lib/http/area_guards.ts";

/** Signed-in staff only; others are sent to the sign-in page. */
export default staffArea();
