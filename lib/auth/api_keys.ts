import type { TenantScope } from "../scope.ts";
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Actor } from "../audit/actor.ts";
import { recordAction } from "../audit/record.ts";
import type { Database } from "../db/schema.ts";
import { type Tx, withTenant } from "../db/transaction_repo.ts";
import { notFoundError } from "../errors.ts";
import { randomToken } from "../random.ts";
import {
  type ApiKeyRow,
  findLiveApiKeyById,
  findLiveApiKeyByPrefix,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
  touchApiKey,
} from "./api_key_repo.ts";

export const CreateApiKeySchema = z.object({
  name: z.string({ error: "Name is required" }).trim().min(1, "Name is required")
    .max(60, "Name must be at most 60 characters"),
  role: z.enum(["ADMIN", "STAFF"], { error: "Role must be ADMIN or STAFF" }).default("STAFF"),
}).strict();

/** `qms_<prefix>_<secret>`: the prefix finds the row, the secret is checked against its hash. */
const KEY_FORMAT = /^qms_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

function audit(trx: Tx, tenantId: string, actor: Actor, action: string, key: ApiKeyRow) {
  return recordAction(trx, tenantId, actor, {
    action,
    resource: "api_key",
    resourceId: key.id,
    details: { name: key.name, prefix: key.prefix, role: key.role },
  });
}

/** Creates a key; the returned secret is never stored or shown again. */
export function createApiKey(
  scope: TenantScope,
  input: z.infer<typeof CreateApiKeySchema>,
): Promise<{ apiKey: ApiKeyRow; secret: string }> {
  const { tenantId, actor } = scope;
  return withTenant(scope.db, tenantId, async (trx) => {
    const prefix = randomToken(9).replace(/[^A-Za-z0-9]/g, "x").slice(0, 12);
    const secret = randomToken(32);
    const apiKey = await insertApiKey(trx, {
      tenantId,
      name: input.name,
      prefix,
      secretHash: await sha256(secret),
      role: input.role,
      createdBy: actor.userType === "MERCHANT" ? actor.userId : null,
    });
    await audit(trx, tenantId, actor, "api-key.create", apiKey);
    return { apiKey, secret: `qms_${prefix}_${secret}` };
  });
}

export function getApiKeys(
  scope: TenantScope,
): Promise<ApiKeyRow[]> {
  const { tenantId } = scope;
  return withTenant(scope.db, tenantId, listApiKeys);
}

export function deleteApiKey(
  scope: TenantScope,
  keyId: string,
): Promise<void> {
  const { tenantId, actor } = scope;
  return withTenant(scope.db, tenantId, async (trx) => {
    const key = await revokeApiKey(trx, keyId);
    if (!key) throw notFoundError("api_key");
    await audit(trx, tenantId, actor, "api-key.revoke", key);
  });
}

/**
 * The live key of this tenant that `presented` is, or null. Lookup runs under the host's tenant,
 * so another tenant's key is simply not found.
 */
export async function verifyApiKey(
  db: Kysely<Database>,
  tenantId: string,
  presented: string,
): Promise<ApiKeyRow | null> {
  const m = presented.match(KEY_FORMAT);
  if (!m) return null;
  const [, prefix, secret] = m;
  return await withTenant(db, tenantId, async (trx) => {
    const key = await findLiveApiKeyByPrefix(trx, prefix!);
    if (!key) return null;
    const hash = await sha256(secret!);
    let diff = hash.length ^ key.secretHash.length;
    for (let i = 0; i < hash.length; i++) diff |= hash.charCodeAt(i) ^ key.secretHash.charCodeAt(i);
    if (diff !== 0) return null;
    await touchApiKey(trx, key.id);
    const { secretHash: _hash, ...row } = key;
    return row;
  });
}

/** A key by id if still live (JWTs minted from a revoked key stop working). */
export function findLiveKey(db: Kysely<Database>, tenantId: string, keyId: string) {
  return withTenant(db, tenantId, (trx) => findLiveApiKeyById(trx, keyId));
}
