import { z } from "zod";

const PHONE_CHARS = /^\+?[0-9 ()./-]+$/;

/** Keeps a leading `+` and the digits, so the same phone written two ways is one phone. */
export function normalizePhone(raw: string): string {
  const trimmed = raw.trim();
  return (trimmed.startsWith("+") ? "+" : "") + trimmed.replace(/\D/g, "");
}

const optionalText = (max: number, label: string) =>
  z.string().trim().max(max, `${label} must be at most ${max} characters`)
    .transform((v) => (v === "" ? undefined : v)).optional();

/** Spec §7.4: the fields a customer gives to join a queue. */
export const JoinQueueSchema = z.object({
  customerName: z.string({ error: "Name is required" }).trim()
    .min(1, "Name is required").max(100, "Name must be at most 100 characters"),
  customerPhone: z.string({ error: "Phone number is required" }).trim()
    .min(1, "Phone number is required")
    .regex(PHONE_CHARS, "Phone number may contain only digits, spaces, + ( ) . -")
    .transform(normalizePhone)
    .refine((p) => {
      const digits = p.replace("+", "").length;
      return digits >= 7 && digits <= 15;
    }, "Phone number must have 7 to 15 digits"),
  partySize: z.coerce.number({ error: "Party size must be a number" })
    .int("Party size must be a whole number")
    .min(1, "Party size must be at least 1").max(20, "Party size must be at most 20"),
  notes: optionalText(500, "Notes"),
  customerEmail: z.string().trim().toLowerCase().max(254, "Email must be at most 254 characters")
    .transform((v) => (v === "" ? undefined : v))
    .pipe(z.email("Enter a valid email address").optional()).optional(),
  serviceTypeId: z.union([
    z.literal("").transform(() => undefined),
    z.uuid("Choose a service type"),
  ])
    .optional(),
});

export type JoinQueueInput = z.infer<typeof JoinQueueSchema>;

export const UuidSchema = z.uuid();

/** Session ids are 32 url-safe characters (192 random bits). */
export const SESSION_ID_PATTERN = "[A-Za-z0-9_-]{32}";
export const SessionIdSchema = z.string().regex(new RegExp(`^${SESSION_ID_PATTERN}$`));

export const IdempotencyKeySchema = z.string().min(8).max(200).regex(/^[\x21-\x7e]+$/);

export const ReorderSchema = z.object({
  entryId: z.uuid("entryId must be an entry id"),
  beforeEntryId: z.uuid("beforeEntryId must be an entry id or null").nullable(),
});

export const BulkCallSchema = z.object({
  entryIds: z.array(z.uuid("Each entry id must be an id"), { error: "entryIds must be a list" })
    .min(1, "Choose at least one party to call").max(50, "Call at most 50 parties at once"),
});

export const RecoverSchema = z.object({
  customerPhone: z.string({ error: "Phone number is required" }).trim()
    .min(1, "Phone number is required")
    .regex(PHONE_CHARS, "Phone number may contain only digits, spaces, + ( ) . -")
    .transform(normalizePhone),
  verificationCode: z.string({ error: "Code is required" }).trim()
    .regex(/^\d{4}$/, "The code is the 4 digits shown when you joined"),
});
