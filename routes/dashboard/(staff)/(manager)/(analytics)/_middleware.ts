import { analyticsPlan } from "../../../../../lib/http/plan_guard.ts";

/** Analytics pages: only when the tenant's plan includes analytics (a 403 page says why). */
export default analyticsPlan();
