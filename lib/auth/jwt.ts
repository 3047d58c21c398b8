import { jwtVerify, SignJWT } from "jose";
import { z } from "zod";

export const API_TOKEN_TTL_SECONDS = 15 * 60;

export interface ApiTokenClaims {
  /** The API key the token was minted from. */
  keyId: string;
  tenantId: string;
  role: "ADMIN" | "STAFF";
}

function keyOf(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** A short-lived HS256 token for an API client, bound to its tenant. */
export async function signApiToken(secret: string, claims: ApiTokenClaims): Promise<string> {
  return await new SignJWT({ tid: claims.tenantId, role: claims.role })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.keyId)
    .setIssuedAt()
    .setAudience("qms-api")
    .setExpirationTime(`${API_TOKEN_TTL_SECONDS}s`)
    .sign(keyOf(secret));
}

/**
 * What a token must carry to mean anything here. A token signed with our secret is still
 * checked: a `sub` that is not a key id would otherwise reach the database as a malformed uuid.
 */
const ClaimsSchema = z.object({
  sub: z.uuid(),
  tid: z.uuid(),
  role: z.enum(["ADMIN", "STAFF"]),
});

/**
 * The token's claims, or null when it is malformed, forged, expired, for another audience, or
 * its claims are not the ids and role it should carry.
 */
export async function verifyApiToken(
  secret: string,
  token: string,
): Promise<ApiTokenClaims | null> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, keyOf(secret), {
      algorithms: ["HS256"],
      audience: "qms-api",
    }));
  } catch {
    return null;
  }
  const claims = ClaimsSchema.safeParse(payload);
  if (!claims.success) return null;
  return { keyId: claims.data.sub, tenantId: claims.data.tid, role: claims.data.role };
}
