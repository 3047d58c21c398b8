import { sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";

/** Merchants (locations) of every tenant, on the platform path. */

export function listMerchantsPage(
  trx: Tx,
  f: { q?: string; page: number; perPage: number },
) {
  let q = trx.selectFrom("merchants as m").innerJoin("tenants as t", "t.id", "m.tenantId");
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb("m.businessName", "ilike", like),
        eb("t.name", "ilike", like),
        eb("m.email", "ilike", like),
      ])
    );
  }
  return q.select([
    "m.id",
    "m.businessName",
    "m.businessType",
    "m.isActive",
    "m.email",
    "t.id as tenantId",
    "t.name as tenantName",
    (eb) =>
      eb.selectFrom("queues as qu").select(sql<number>`count(*)::int`.as("n"))
        .whereRef("qu.merchantId", "=", "m.id").where("qu.deletedAt", "is", null).as("queues"),
  ]).orderBy("m.businessName").orderBy("m.id").limit(f.perPage)
    .offset((f.page - 1) * f.perPage).execute();
}

export async function findMerchantDetails(trx: Tx, id: string) {
  const merchant = await trx.selectFrom("merchants as m")
    .innerJoin("tenants as t", "t.id", "m.tenantId")
    .leftJoin("merchantSettings as s", "s.merchantId", "m.id")
    .leftJoin("merchantAddresses as a", "a.merchantId", "m.id")
    .select([
      "m.id",
      "m.businessName",
      "m.businessType",
      "m.email",
      "m.phone",
      "m.timezone",
      "m.isActive",
      "m.brandColor",
      "t.id as tenantId",
      "t.name as tenantName",
      "t.slug as tenantSlug",
      "s.chatEnabled",
      "s.notificationChannels",
      "s.language",
      "a.street",
      "a.city",
      "a.country",
    ]).where("m.id", "=", id).executeTakeFirst();
  if (!merchant) return null;
  const queues = await trx.selectFrom("queues").select([
    "id",
    "name",
    "isActive",
    "acceptingCustomers",
    "maxCapacity",
    "averageServiceTime",
  ]).where("merchantId", "=", id).where("deletedAt", "is", null).orderBy("name").execute();
  return { merchant, queues };
}
