import { staffArea } from "../../../../../lib/http/area_guards.ts";

/** The plan: the owner only. */
export default staffArea({ roles: ["OWNER"], personOnly: true });
