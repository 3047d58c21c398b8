import { z } from "zod";
import { DomainSchema, SlugSchema } from "./slug_rules.ts";
import { FlagSchema, FlagsSchema, LimitsSchema, PLANS } from "./plan_terms.ts";
import type { Plan } from "../db/schema.ts";

const PlanSchema = z.enum(PLANS as [Plan, ...Plan[]], { error: "Choose a plan" });

const NameSchema = z.string({ error: "Name is required" }).trim()
  .min(2, "Name must be at least 2 characters").max(100, "Name must be at most 100 characters");

export const CreateTenantSchema = z.object({
  name: NameSchema,
  slug: z.string({ error: "Subdomain is required" }).pipe(SlugSchema),
  ownerEmail: z.string({ error: "Owner email is required" }).trim().toLowerCase()
    .pipe(z.email("Enter a valid email address")),
  ownerName: z.string().trim().max(100, "Owner name must be at most 100 characters").optional()
    .transform((v) => v || undefined),
  plan: PlanSchema,
}).strict();

export type CreateTenantInput = z.infer<typeof CreateTenantSchema>;

export const SUBSCRIPTION_STATUSES = [
  "active",
  "trial",
  "past_due",
  "suspended",
  "cancelled",
  "expired",
] as const;
export const BILLING_CYCLES = ["monthly", "quarterly", "yearly"] as const;

const DateOrEmpty = z.union([
  z.literal("").transform(() => null),
  z.null(),
  z.iso.date("Enter a date such as 2027-01-31").transform((d) => new Date(`${d}T00:00:00Z`)),
]);

/** An edit: every field optional (the JSON twin sends what changes; the form sends them all). */
export const UpdateTenantSchema = z.object({
  name: NameSchema,
  slug: SlugSchema,
  domain: z.union([z.literal("").transform(() => null), z.null(), DomainSchema]),
  plan: PlanSchema,
  status: z.enum(SUBSCRIPTION_STATUSES, { error: "Choose a status" }),
  billingCycle: z.enum(BILLING_CYCLES, { error: "Choose a billing cycle" }),
  endDate: DateOrEmpty,
  /** Replace limits and features with the plan's defaults from the settings. */
  useDefaults: FlagSchema,
}).extend(LimitsSchema.shape).extend(FlagsSchema.shape).partial().strict()
  .refine((v) => Object.keys(v).length > 0, "Send at least one change");

export type UpdateTenantInput = z.infer<typeof UpdateTenantSchema>;

export const DeleteTenantSchema = z.object({
  confirmSlug: z.string({ error: "Type the subdomain to confirm" }).trim(),
}).strict();

export const ToggleTenantSchema = z.object({
  isActive: FlagSchema,
}).strict();

export const TenantListQuerySchema = z.object({
  q: z.string().trim().max(100).optional().transform((v) => v || undefined),
  status: z.enum(["active", "inactive"]).optional().catch(undefined),
  plan: PlanSchema.optional().catch(undefined),
  sort: z.enum(["name", "slug", "createdAt", "plan"]).catch("name"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  perPage: z.coerce.number().int().min(1).max(100).catch(25),
});

export type TenantListQuery = z.infer<typeof TenantListQuerySchema>;
