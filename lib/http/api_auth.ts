import type { Context } from "hono";
import type { AppEnv } from "./app_env.ts";
import type { SessionData } from "../auth/session_store.ts";
import { findLiveKey, verifyApiKey } from "../auth/api_keys.ts";
import { verifyApiToken } from "../auth/jwt.ts";
import { HttpError } from "./errors.ts";

const REFUSED = "Invalid or expired API credentials";

/**
 * `Authorization: Bearer <API key | JWT>` on a tenant host. Keys are looked up under the host's
 * tenant, and tokens carry their tenant, so a credential of tenant A never works on tenant B.
 * A token stops working when its key is revoked.
 */
export async function authenticateApiClient<E extends AppEnv>(
  c: Context<E>,
  authorization: string,
): Promise<SessionData> {
  const tenant = c.get("tenant");
  const match = authorization.match(/^Bearer\s+(\S+)$/i);
  if (!tenant || c.get("area") !== "tenant" || !match) throw new HttpError(401, REFUSED);
  const credential = match[1]!;
  const { db, config } = c.get("deps");
  let key = null;
  if (credential.startsWith("qms_")) {
    key = await verifyApiKey(db, tenant.id, credential);
  } else {
    const claims = await verifyApiToken(config.jwtSecret, credential);
    if (claims && claims.tenantId === tenant.id) {
      key = await findLiveKey(db, tenant.id, claims.keyId);
    }
  }
  if (!key) throw new HttpError(401, REFUSED);
  const now = Date.now();
  return {
    kind: "tenant",
    via: "api",
    userId: key.id,
    tenantId: tenant.id,
    role: key.role,
    email: `api-key:${key.prefix}`,
    fullName: key.name,
    createdAt: now,
    expiresAt: now,
  };
}
