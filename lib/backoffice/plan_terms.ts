import { z } from "zod";
import type { Plan } from "../db/schema.ts";

export const PLANS: readonly Plan[] = ["FREE", "BASIC", "PREMIUM", "ENTERPRISE"];

const count = (label: string) =>
  z.coerce.number({ error: `${label} must be a number` }).int(`${label} must be a whole number`)
    .min(0, `${label} cannot be negative`).max(100_000, `${label} is at most 100000`);

/** A yes/no from a form checkbox ("on" or absent) or JSON (true/false). */
export const FlagSchema = z.union([
  z.boolean(),
  z.enum(["on", "true", "1"]).transform(() => true),
  z.enum(["off", "false", "0", ""]).transform(() => false),
], { error: "Choose yes or no" });

export const LimitsSchema = z.object({
  maxMerchants: count("Locations"),
  maxQueuesPerMerchant: count("Queues per location"),
  maxUsersPerTenant: count("Users"),
});

export const FlagsSchema = z.object({
  analytics: FlagSchema,
  customBranding: FlagSchema,
  aiFeatures: FlagSchema,
  prioritySupport: FlagSchema,
});

/** What a plan grants by default, and what it costs a month (in MYR). */
export const PlanTermsSchema = LimitsSchema.extend(FlagsSchema.shape).extend({
  priceMonthly: z.coerce.number({ error: "Price must be a number" }).min(
    0,
    "Price cannot be negative",
  )
    .max(1_000_000, "Price is at most 1000000"),
});

export type PlanTerms = z.infer<typeof PlanTermsSchema>;
export const FLAG_NAMES = ["analytics", "customBranding", "aiFeatures", "prioritySupport"] as const;
export const LIMIT_NAMES = ["maxMerchants", "maxQueuesPerMerchant", "maxUsersPerTenant"] as const;

export const FLAG_LABELS: Record<(typeof FLAG_NAMES)[number], string> = {
  analytics: "Analytics",
  customBranding: "Custom branding",
  aiFeatures: "AI features",
  prioritySupport: "Priority support",
};

export const LIMIT_LABELS: Record<(typeof LIMIT_NAMES)[number], string> = {
  maxMerchants: "Locations (maxMerchants)",
  maxQueuesPerMerchant: "Queues per location (maxQueuesPerMerchant)",
  maxUsersPerTenant: "Users (maxUsersPerTenant)",
};

/** The terms before any back-office admin changed them in the settings. */
export const BUILTIN_PLAN_TERMS: Record<Plan, PlanTerms> = {
  FREE: {
    maxMerchants: 1,
    maxQueuesPerMerchant: 3,
    maxUsersPerTenant: 5,
    analytics: false,
    customBranding: false,
    aiFeatures: false,
    prioritySupport: false,
    priceMonthly: 0,
  },
  BASIC: {
    maxMerchants: 2,
    maxQueuesPerMerchant: 5,
    maxUsersPerTenant: 10,
    analytics: true,
    customBranding: false,
    aiFeatures: false,
    prioritySupport: false,
    priceMonthly: 49,
  },
  PREMIUM: {
    maxMerchants: 5,
    maxQueuesPerMerchant: 10,
    maxUsersPerTenant: 30,
    analytics: true,
    customBranding: true,
    aiFeatures: false,
    prioritySupport: false,
    priceMonthly: 149,
  },
  ENTERPRISE: {
    maxMerchants: 10,
    maxQueuesPerMerchant: 20,
    maxUsersPerTenant: 100,
    analytics: true,
    customBranding: true,
    aiFeatures: true,
    prioritySupport: true,
    priceMonthly: 499,
  },
};
