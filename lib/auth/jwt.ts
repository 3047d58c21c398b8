import { jwtVerify, SignJWT } from "jose";

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

/** The token's claims, or null when it is malformed, forged, expired or for another audience. */
export async function verifyApiToken(
  secret: string,
  token: string,
): Promise<ApiTokenClaims | null> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      algorithms: ["HS256"],
      audience: "qms-api",
    });
    const role = payload.role;
    if (typeof payload.sub !== "string" || typeof payload.tid !== "string") return null;
    if (role !== "ADMIN" && role !== "STAFF") return null;
    return { keyId: payload.sub, tenantId: payload.tid, role };
  } catch {
    return null;
  }
}
