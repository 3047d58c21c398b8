import { joinTermsCache } from "../queue/join_terms_cache.ts";
import type { TenantScope } from "../scope.ts";
import { z } from "zod";
import { LOCALES } from "../i18n/locales.ts";
import { recordAction } from "../audit/record.ts";
import { withTenant } from "../db/transaction_repo.ts";
import { DomainError } from "../errors.ts";
import { forgetBranding } from "./branding.ts";
import {
  type BusinessSettings,
  findMainMerchant,
  findPlanSummary,
  type PlanSummary,
  updateMerchant,
} from "./merchant_repo.ts";

/** The IANA time zones this runtime knows, for the settings page's picker. */
export const TIME_ZONES: readonly string[] = Intl.supportedValuesOf("timeZone");
const ZONE_SET = new Set(TIME_ZONES);

function isTimeZone(tz: string): boolean {
  if (ZONE_SET.has(tz) || tz === "UTC") return true;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const BusinessSettingsSchema = z.object({
  businessName: z.string().trim().min(2, "Business name must be at least 2 characters")
    .max(100, "Business name must be at most 100 characters"),
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address")),
  phone: z.string().trim().regex(/^\+?[0-9 ()./-]{7,20}$/, "Enter a valid phone number"),
  businessType: z.enum(["restaurant", "cafe", "retail", "salon", "clinic", "service", "other"], {
    error: "Choose a business type",
  }),
  timezone: z.string().trim().refine(isTimeZone, "Choose a time zone such as Asia/Kuala_Lumpur"),
  brandColor: z.union([
    z.literal("").transform(() => null),
    z.string().regex(/^#[0-9a-fA-F]{6}$/, "Brand colour must look like #4f46e5"),
  ]).nullable(),
  defaultLocale: z.enum(LOCALES, { error: "Choose English, Bahasa Melayu or 简体中文" }),
  logoUrl: z.union([
    z.literal("").transform(() => null),
    z.string().trim().max(500, "The logo address must be at most 500 characters")
      .pipe(z.url({ protocol: /^https$/, error: "The logo address must start with https://" })),
  ]).nullable(),
}).partial().strict().refine((v) => Object.keys(v).length > 0, "Send at least one setting");

export type BusinessSettingsInput = z.infer<typeof BusinessSettingsSchema>;

export async function getBusinessSettings(
  scope: TenantScope,
): Promise<BusinessSettings> {
  const { tenantId } = scope;
  const merchant = await withTenant(scope.db, tenantId, findMainMerchant);
  if (!merchant) throw new DomainError("no_location");
  return merchant;
}

/** The business details of the main location; its time zone drives queue hours and tickets. */
export function updateBusinessSettings(
  scope: TenantScope,
  input: BusinessSettingsInput,
): Promise<BusinessSettings> {
  const { tenantId, actor } = scope;
  return withTenant(scope.db, tenantId, async (trx) => {
    const merchant = await findMainMerchant(trx);
    if (!merchant) throw new DomainError("no_location");
    const updated = await updateMerchant(trx, merchant.id, input);
    await recordAction(trx, tenantId, actor, {
      action: "settings.update",
      resource: "merchant",
      resourceId: merchant.id,
      details: { changes: input },
    });
    return updated;
  }).then((updated) => {
    forgetBranding(tenantId);
    joinTermsCache.forgetTenant(scope.db, tenantId);
    return updated;
  });
}

/** The tenant's plan and limits (billing itself is run by the platform). */
export async function getPlanSummary(
  scope: TenantScope,
): Promise<PlanSummary> {
  const { tenantId } = scope;
  const plan = await withTenant(scope.db, tenantId, findPlanSummary);
  return plan ?? {
    plan: "FREE",
    status: "active",
    billingCycle: "monthly",
    maxMerchants: 1,
    maxQueuesPerMerchant: 3,
    maxUsersPerTenant: 5,
    analytics: false,
    customBranding: false,
  };
}
