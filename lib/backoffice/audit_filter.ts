import { z } from "zod";

const day = (label: string) =>
  z.union([z.literal("").transform(() => undefined), z.iso.date(`${label}: use YYYY-MM-DD`)])
    .optional();

/** The audit log's filters, from the query string. Dates are whole UTC days, `to` inclusive. */
export const AuditQuerySchema = z.object({
  tenantId: z.union([z.literal("").transform(() => undefined), z.uuid("Tenant: a tenant id")])
    .optional(),
  actor: z.string().trim().max(40).optional().transform((v) => v || undefined)
    .refine(
      (v) =>
        !v || /^[0-9a-f-]{36}$/i.test(v) ||
        ["SUPERADMIN", "MERCHANT", "CUSTOMER", "SYSTEM"].includes(v),
      "Actor: a user id, or SUPERADMIN, MERCHANT, CUSTOMER or SYSTEM",
    ),
  action: z.string().trim().max(60).optional().transform((v) => v || undefined),
  resource: z.string().trim().max(60).optional().transform((v) => v || undefined),
  from: day("From"),
  to: day("To"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export interface AuditFilter {
  tenantId?: string;
  actor?: string;
  action?: string;
  resource?: string;
  from?: Date;
  to?: Date;
}

export function auditFilterOf(q: AuditQuery): AuditFilter {
  return {
    tenantId: q.tenantId,
    actor: q.actor,
    action: q.action,
    resource: q.resource,
    from: q.from ? new Date(`${q.from}T00:00:00Z`) : undefined,
    to: q.to ? new Date(Date.parse(`${q.to}T00:00:00Z`) + 86_400_000) : undefined,
  };
}
