import { Hono } from "hono";
import { z } from "zod";
import type { TenantEnv } from "../../../lib/http/app_env.ts";
import { verifyApiKey } from "../../../lib/auth/api_keys.ts";
import { API_TOKEN_TTL_SECONDS, signApiToken } from "../../../lib/auth/jwt.ts";
import { HttpError } from "../../../lib/http/errors.ts";
import { readBody, validate } from "../../../lib/http/input.ts";
import { loginRateLimit } from "../../../lib/http/rate_limit_middleware.ts";

/** `POST /api/auth/token`: trade an API key for a short-lived JWT (spec §1.2: JWT for APIs). */
const app = new Hono<TenantEnv>();

const TokenRequestSchema = z.object({
  apiKey: z.string({ error: "apiKey is required" }).min(1, "apiKey is required").max(200),
}).strict();

app.post("/token", loginRateLimit(), async function issueTokenRoute(c) {
  const tenant = c.get("tenant");
  const { apiKey } = validate(TokenRequestSchema, await readBody(c));
  const key = await verifyApiKey(c.get("deps").db, tenant.id, apiKey);
  if (!key) throw new HttpError(401, "Invalid or expired API credentials");
  const token = await signApiToken(c.get("deps").config.jwtSecret, {
    keyId: key.id,
    tenantId: tenant.id,
    role: key.role,
  });
  c.header("Cache-Control", "no-store");
  return c.json({ token, tokenType: "Bearer", expiresIn: API_TOKEN_TTL_SECONDS });
});

export default app;
