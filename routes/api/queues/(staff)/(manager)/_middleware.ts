import { MANAGERS, staffArea } from "../../../../../lib/http/area_guards.ts";

/** Queue management: OWNER and ADMIN (their API keys too). */
export default staffArea({ roles: MANAGERS });
