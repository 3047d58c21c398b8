import { Hono } from "hono";
import type { TenantEnv } from "../../../lib/http/app_env.ts";
import { recoverWithForm, renderRecoverPage } from "../../../lib/http/customer_recover.tsx";
import { readBody } from "../../../lib/http/input.ts";
import { recoverRateLimit } from "../../../lib/http/rate_limit_middleware.ts";

/**
 * `/queue/recover`: find a lost ticket with the phone number and the code shown at join. The
 * form posts here, so a refusal stays at this address.
 */
const app = new Hono<TenantEnv>();

app.get("/", function recoverPage(c) {
  return renderRecoverPage(c);
});

app.post("/", recoverRateLimit(), async function recoverFromPage(c) {
  return await recoverWithForm(c, await readBody(c));
});

export default app;
