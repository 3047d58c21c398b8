import { sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";

export type DeviceKind = "display" | "kiosk";

export interface DeviceRow {
  id: string;
  kind: DeviceKind;
  label: string;
  queueId: string | null;
  createdAt: Date;
  lastSeenAt: Date | null;
  revokedAt: Date | null;
}

const COLUMNS = ["id", "kind", "label", "queueId", "createdAt", "lastSeenAt", "revokedAt"] as const;

export async function insertDevice(
  trx: Tx,
  v: {
    tenantId: string;
    kind: DeviceKind;
    label: string;
    queueId: string | null;
    secretHash: string;
    createdBy: string | null;
  },
): Promise<DeviceRow> {
  const row = await trx.insertInto("deviceSessions").values(v).returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return row;
}

/** The current tenant's devices, live ones first, newest first. */
export async function listDevices(trx: Tx): Promise<DeviceRow[]> {
  const rows = await trx.selectFrom("deviceSessions").select(COLUMNS)
    .orderBy(sql`revoked_at is not null`).orderBy("createdAt", "desc").limit(200).execute();
  return rows;
}

/** A live device of the current tenant by the hash of its secret. */
export async function findLiveDeviceByHash(
  trx: Tx,
  kind: DeviceKind,
  secretHash: string,
): Promise<DeviceRow | null> {
  const row = await trx.selectFrom("deviceSessions").select(COLUMNS)
    .where("secretHash", "=", secretHash).where("kind", "=", kind)
    .where("revokedAt", "is", null).executeTakeFirst();
  return row ?? null;
}

/** Records use at most once a minute per device, so a display does not write per request. */
export async function touchDevice(trx: Tx, id: string): Promise<void> {
  await trx.updateTable("deviceSessions").set({ lastSeenAt: sql`now()` }).where("id", "=", id)
    .where((eb) =>
      eb.or([
        eb("lastSeenAt", "is", null),
        eb("lastSeenAt", "<", sql<Date>`now() - interval '1 minute'`),
      ])
    ).execute();
}

export async function revokeDevice(trx: Tx, id: string): Promise<DeviceRow | null> {
  const row = await trx.updateTable("deviceSessions").set({ revokedAt: sql`now()` })
    .where("id", "=", id).where("revokedAt", "is", null).returning(COLUMNS).executeTakeFirst();
  return row ?? null;
}
