import { tenantArea } from "../../../../lib/http/area_guards.ts";

/** `/api/queue/push`: a tenant's host only (a customer's browser subscribes for their ticket). */
export default tenantArea();
