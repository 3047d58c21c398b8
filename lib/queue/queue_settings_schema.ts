import { z } from "zod";

const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const END_TIME = /^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/;

const fields = {
  name: z.string({ error: "Name is required" }).trim().min(1, "Name is required")
    .max(100, "Name must be at most 100 characters"),
  description: z.string().trim().max(500, "Description must be at most 500 characters")
    .transform((v) => (v === "" ? null : v)).nullable(),
  isActive: z.boolean({ error: "isActive must be true or false" }),
  acceptingCustomers: z.boolean({ error: "acceptingCustomers must be true or false" }),
  maxCapacity: z.coerce.number({ error: "Capacity must be a number" }).int(
    "Capacity must be a whole number",
  )
    .min(1, "Capacity must be at least 1").max(10_000, "Capacity must be at most 10000"),
  averageServiceTime: z.coerce.number({ error: "Average service time must be a number" })
    .int("Average service time must be whole minutes")
    .min(1, "Average service time must be at least 1 minute")
    .max(1440, "Average service time must be at most 1440 minutes"),
  autoNotifications: z.boolean({ error: "autoNotifications must be true or false" }),
  notificationInterval: z.coerce.number({ error: "Notification interval must be a number" }).int()
    .min(0, "Notification interval cannot be negative").max(
      240,
      "Notification interval must be at most 240 minutes",
    ),
  almostTurnAhead: z.coerce.number({ error: "Almost-your-turn count must be a number" }).int()
    .min(0, "Almost-your-turn count cannot be negative")
    .max(50, "Almost-your-turn count must be at most 50"),
  allowCancellation: z.boolean({ error: "allowCancellation must be true or false" }),
  requireConfirmation: z.boolean({ error: "requireConfirmation must be true or false" }),
  businessHoursStart: z.string().regex(TIME, "Opening time must look like 09:00"),
  businessHoursEnd: z.string().regex(
    END_TIME,
    "Closing time must look like 17:00 (24:00 for midnight)",
  ),
  callTimeoutMinutes: z.coerce.number({ error: "Call timeout must be a number" }).int()
    .min(1, "Call timeout must be at least 1 minute").max(
      240,
      "Call timeout must be at most 240 minutes",
    ),
  ticketPrefix: z.string().regex(/^[A-Z]$/, "Ticket prefix must be one capital letter"),
};

/** A new queue: a name, and any settings that differ from the defaults (spec §2.2 names). */
export const CreateQueueSchema = z.object(fields).partial().required({ name: true }).strict();

/** An update: any subset of the settings. */
export const UpdateQueueSchema = z.object(fields).partial().strict()
  .refine((v) => Object.keys(v).length > 0, "Send at least one setting to change");

export type CreateQueueInput = z.infer<typeof CreateQueueSchema>;
export type UpdateQueueInput = z.infer<typeof UpdateQueueSchema>;

export const QUEUE_BOOLEAN_FIELDS = [
  "isActive",
  "acceptingCustomers",
  "autoNotifications",
  "allowCancellation",
  "requireConfirmation",
] as const;

/** An HTML form's fields as the schema expects them: checkboxes become booleans. */
export function queueFormToInput(form: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(form)) {
    if (k === "_csrf" || (QUEUE_BOOLEAN_FIELDS as readonly string[]).includes(k)) continue;
    out[k] = v;
  }
  for (const k of QUEUE_BOOLEAN_FIELDS) out[k] = form[k] === "on" || form[k] === "true";
  return out;
}

/** The delete page's form: the queue's name, typed to confirm (checked against the queue). */
export const DeleteQueueFormSchema = z.object({
  confirmName: z.string({ error: "Type the queue's name to delete it" })
    .max(200, "Type the queue's name to delete it"),
});
