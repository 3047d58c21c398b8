import type { TenantScope } from "../scope.ts";
import type { Kysely } from "kysely";
import { z } from "zod";
import { recordAction } from "../audit/record.ts";
import type { Database } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import { notFoundError } from "../errors.ts";
import { deviceRevokedKey } from "../kv/keys.ts";
import { randomToken } from "../random.ts";
import { findQueue } from "../queue/queue_repo.ts";
import {
  type DeviceKind,
  type DeviceRow,
  findLiveDeviceByHash,
  insertDevice,
  listDevices,
  revokeDevice,
  touchDevice,
} from "./device_repo.ts";

export type { DeviceKind, DeviceRow };

/** How long a revocation mark is kept: past it, every stream has rechecked the row anyway. */
const REVOKED_MARK_MS = 24 * 60 * 60 * 1000;

export const CreateDeviceSchema = z.object({
  kind: z.enum(["display", "kiosk"], { error: "Choose a TV display or a kiosk" }),
  label: z.string({ error: "Give the device a name" }).trim().min(1, "Give the device a name")
    .max(60, "The name must be at most 60 characters"),
  queueId: z.union([z.literal("").transform(() => null), z.uuid("Choose a queue")]).nullable()
    .default(null),
}).strict();

/** A device's secret as it travels in its link and cookie. */
export const DeviceSecretSchema = z.string().regex(/^dev_[A-Za-z0-9_-]{43}$/);

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Creates a display or kiosk; the returned secret is never stored or shown again. */
export function createDevice(
  scope: TenantScope,
  input: z.infer<typeof CreateDeviceSchema>,
): Promise<{ device: DeviceRow; secret: string }> {
  const { tenantId, actor } = scope;
  return withTenant(scope.db, tenantId, async (trx) => {
    if (input.queueId && !(await findQueue(trx, input.queueId))) throw notFoundError("queue");
    const secret = `dev_${randomToken(32)}`;
    const device = await insertDevice(trx, {
      tenantId,
      kind: input.kind,
      label: input.label,
      queueId: input.queueId,
      secretHash: await sha256(secret),
      createdBy: actor.userType === "MERCHANT" ? actor.userId : null,
    });
    await recordAction(trx, tenantId, actor, {
      action: "device.create",
      resource: "device_session",
      resourceId: device.id,
      details: { kind: device.kind, label: device.label, queueId: device.queueId },
    });
    return { device, secret };
  });
}

export function listTenantDevices(scope: TenantScope): Promise<DeviceRow[]> {
  return withTenant(scope.db, scope.tenantId, listDevices);
}

/** Revokes a device: its next request is refused and its open streams end at once. */
export async function revokeTenantDevice(scope: TenantScope, id: string): Promise<DeviceRow> {
  const { tenantId, actor } = scope;
  const device = await withTenant(scope.db, tenantId, async (trx) => {
    const row = await revokeDevice(trx, id);
    if (!row) throw notFoundError("device");
    await recordAction(trx, tenantId, actor, {
      action: "device.revoke",
      resource: "device_session",
      resourceId: row.id,
      details: { kind: row.kind, label: row.label },
    });
    return row;
  });
  await scope.kv.set(deviceRevokedKey(device.id), new Deno.KvU64(1n), {
    expireIn: REVOKED_MARK_MS,
  });
  return device;
}

/** The live device this secret belongs to in this tenant, or null (unknown, revoked, malformed). */
export async function authenticateDevice(
  db: Kysely<Database>,
  tenantId: string,
  kind: DeviceKind,
  secret: string | undefined | null,
): Promise<DeviceRow | null> {
  if (!secret || !DeviceSecretSchema.safeParse(secret).success) return null;
  const hash = await sha256(secret);
  return await withTenant(db, tenantId, async (trx) => {
    const device = await findLiveDeviceByHash(trx, kind, hash);
    if (device) await touchDevice(trx, device.id);
    return device;
  });
}

/** The realtime topic a device's streams watch: above version 0 once it is revoked. */
export function deviceRevocationTopic(id: string): Deno.KvKey {
  return deviceRevokedKey(id);
}
