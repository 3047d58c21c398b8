import { MANAGERS, staffArea } from "../../../../lib/http/area_guards.ts";

/** Queue management pages: OWNER and ADMIN. */
export default staffArea({ roles: MANAGERS });
