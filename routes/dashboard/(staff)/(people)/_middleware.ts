import { MANAGERS, staffArea } from "../../../../lib/http/area_guards.ts";

/** Users and settings pages: OWNER and ADMIN signed in as themselves. */
export default staffArea({ roles: MANAGERS, personOnly: true });
