import { sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";

export interface BusinessSettings {
  id: string;
  businessName: string;
  email: string;
  phone: string;
  businessType: string;
  timezone: string;
  brandColor: string | null;
  /** The customer pages' language when the browser asks for none we speak. */
  defaultLocale: string;
  logoUrl: string | null;
}

const COLUMNS = [
  "id",
  "businessName",
  "email",
  "phone",
  "businessType",
  "timezone",
  "brandColor",
  "defaultLocale",
  "logoUrl",
] as const;

/** The tenant's main location (the first one), whose settings the dashboard edits. */
export async function findMainMerchant(trx: Tx): Promise<BusinessSettings | null> {
  const row = await trx.selectFrom("merchants").select(COLUMNS).where("isActive", "=", true)
    .orderBy("createdAt").executeTakeFirst();
  return row ?? null;
}

export async function updateMerchant(
  trx: Tx,
  id: string,
  patch: Partial<Omit<BusinessSettings, "id">>,
): Promise<BusinessSettings> {
  return await trx.updateTable("merchants").set({ ...patch, updatedAt: sql`now()` })
    .where("id", "=", id).returning(COLUMNS).executeTakeFirstOrThrow();
}

export interface PlanSummary {
  plan: string;
  status: string;
  billingCycle: string;
  maxMerchants: number;
  maxQueuesPerMerchant: number;
  maxUsersPerTenant: number;
  analytics: boolean;
  customBranding: boolean;
}

export async function findPlanSummary(trx: Tx): Promise<PlanSummary | null> {
  const row = await trx.selectFrom("tenantSubscriptions").select([
    "plan",
    "status",
    "billingCycle",
    "maxMerchants",
    "maxQueuesPerMerchant",
    "maxUsersPerTenant",
    "analytics",
    "customBranding",
  ]).executeTakeFirst();
  return row ?? null;
}
