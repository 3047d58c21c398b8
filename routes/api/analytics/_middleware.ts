import { MANAGERS, staffArea, tenantArea } from "../../../lib/http/area_guards.ts";
import { analyticsPlan } from "../../../lib/http/plan_guard.ts";

/** Analytics: OWNER and ADMIN (or an ADMIN API key), when the plan includes analytics. */
export default [tenantArea(), staffArea({ roles: MANAGERS }), analyticsPlan()];
