import type { MiddlewareHandler } from "hono";
import { getPlanSummary } from "../merchant/settings.ts";
import type { StaffEnv } from "./app_env.ts";
import { HttpError } from "./errors.ts";

/** Why a plan without analytics is refused (the API's 403 and the page's note). */
export function analyticsRefusal(plan: string): string {
  return `Analytics is not part of the ${plan} plan; the owner can upgrade the plan to use it`;
}

/** After a staff guard: the tenant's plan must include analytics, else a 403 naming the plan. */
export function analyticsPlan(): MiddlewareHandler<StaffEnv> {
  return async function analyticsPlanGuard(c, next) {
    const plan = await getPlanSummary(c.get("scope"));
    if (!plan.analytics) {
      throw new HttpError(403, analyticsRefusal(plan.plan), { code: "plan_feature" });
    }
    await next();
  };
}
