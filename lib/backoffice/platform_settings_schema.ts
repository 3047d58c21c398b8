import { z } from "zod";
import type { Plan } from "../db/schema.ts";
import { BUILTIN_PLAN_TERMS, PLANS, type PlanTerms, PlanTermsSchema } from "./plan_terms.ts";

export const SIGNUP_POLICIES = ["closed", "invite_only", "open"] as const;

/** The platform's own settings, kept as one `system_settings` row ("platform"). */
export const PlatformSettingsSchema = z.object({
  platformName: z.string().trim().min(2, "Platform name must be at least 2 characters")
    .max(80, "Platform name must be at most 80 characters"),
  supportEmail: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address")),
  maintenanceBanner: z.string().trim().max(300, "The banner is at most 300 characters")
    .transform((v) => v === "" ? null : v).nullable(),
  signupPolicy: z.enum(SIGNUP_POLICIES, { error: "Choose a sign-up policy" }),
  plans: z.object(
    Object.fromEntries(PLANS.map((p) => [p, PlanTermsSchema])) as Record<
      Plan,
      typeof PlanTermsSchema
    >,
  ),
});

export type PlatformSettings = z.infer<typeof PlatformSettingsSchema>;

export const DEFAULT_PLATFORM_SETTINGS: PlatformSettings = {
  platformName: "StoreHub QMS",
  supportEmail: "support@storehub.test",
  maintenanceBanner: null,
  signupPolicy: "invite_only",
  plans: BUILTIN_PLAN_TERMS,
};

/** A stored value read leniently: what fails validation falls back to the defaults. */
export function readPlatformSettings(stored: unknown): PlatformSettings {
  const merged = {
    ...DEFAULT_PLATFORM_SETTINGS,
    ...(stored && typeof stored === "object" ? stored : {}),
  } as PlatformSettings;
  merged.plans = Object.fromEntries(
    PLANS.map((p) => [p, { ...BUILTIN_PLAN_TERMS[p], ...(merged.plans?.[p] ?? {}) }]),
  ) as Record<Plan, PlanTerms>;
  const parsed = PlatformSettingsSchema.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_PLATFORM_SETTINGS;
}
