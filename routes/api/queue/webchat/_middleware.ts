import { tenantArea } from "../../../../lib/http/area_guards.ts";

/** `/api/queue/webchat`: a tenant's host only; customers chat by their ticket's session id. */
export default tenantArea();
