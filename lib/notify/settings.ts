import { z } from "zod";
import { recordAction } from "../audit/record.ts";
import type { Config } from "../config.ts";
import { withPlatform, withTenant } from "../db/transaction_repo.ts";
import { DomainError } from "../errors.ts";
import { findOtherTenantUsingNumbers } from "../conversation/conversation_repo.ts";
import type { TenantScope } from "../scope.ts";
import type { ChannelName, NotifyTopic } from "./channel.ts";
import { findNotificationSettings, upsertNotificationSettings } from "./settings_repo.ts";

/** The topics a tenant chooses channels for (chat messages follow the chat's own rules). */
export const TOPICS = [
  "joined",
  "almost",
  "called",
  "reminder",
  "requeued",
  "no_show",
  "cancelled",
] as const satisfies readonly NotifyTopic[];
export type Topic = (typeof TOPICS)[number];

/** How a customer can be reached: "phone" is the tenant's phone channel (WhatsApp or SMS). */
export const REACHES = ["phone", "push", "email", "webchat"] as const;
export type Reach = (typeof REACHES)[number];

export type PhoneChoice = "auto" | "whatsapp" | "sms" | "none";

export interface StoredNotificationSettings {
  topics: unknown;
  phoneChannel: PhoneChoice;
  whatsappPhoneNumberId: string | null;
  whatsappTemplate: string | null;
  smsFrom: string | null;
}

export interface NotificationSettings {
  topics: Record<Topic, Reach[]>;
  phoneChannel: PhoneChoice;
  /** The tenant's WhatsApp Cloud API phone number id. */
  whatsappPhoneNumberId: string | null;
  /** Its approved template name (else WHATSAPP_TEMPLATE). */
  whatsappTemplate: string | null;
  /** Its SMS sender number (else TWILIO_FROM). */
  smsFrom: string | null;
}

/** Out of the box: joined and called everywhere the customer can be reached; reminders off. */
export const DEFAULT_TOPICS: Record<Topic, Reach[]> = {
  joined: ["phone", "push", "email", "webchat"],
  almost: ["phone", "push", "webchat"],
  called: ["phone", "push", "email", "webchat"],
  reminder: [],
  requeued: ["push", "webchat"],
  no_show: ["push", "webchat"],
  cancelled: ["push", "email", "webchat"],
};

const ReachList = z.array(z.enum(REACHES, { error: "Channels are phone, push, email, webchat" }))
  .max(4).transform((list) => [...new Set(list)]);

export const NotificationSettingsSchema = z.object({
  topics: z.object(Object.fromEntries(TOPICS.map((t) => [t, ReachList.optional()])))
    .strict().optional(),
  phoneChannel: z.enum(["auto", "whatsapp", "sms", "none"], {
    error: "Phone channel is auto, whatsapp, sms or none",
  }).optional(),
  whatsappPhoneNumberId: z.union([
    z.literal("").transform(() => null),
    z.string().trim().regex(/^[0-9]{5,30}$/, "A WhatsApp phone number id is digits"),
  ]).nullable().optional(),
  whatsappTemplate: z.union([
    z.literal("").transform(() => null),
    z.string().trim().regex(
      /^[a-z0-9_]{1,100}$/,
      "A template name is lower-case letters, digits, _",
    ),
  ]).nullable().optional(),
  smsFrom: z.union([
    z.literal("").transform(() => null),
    z.string().trim().regex(/^\+[0-9]{7,15}$/, "The SMS number must look like +15005550006"),
  ]).nullable().optional(),
}).strict();

export type NotificationSettingsInput = z.infer<typeof NotificationSettingsSchema>;

/** The settings a tenant stored (null before its first save), with the defaults filled in. */
export function notificationSettingsOf(
  stored: StoredNotificationSettings | null,
): NotificationSettings {
  const saved = (stored?.topics ?? {}) as Partial<Record<Topic, Reach[]>>;
  const topics = Object.fromEntries(
    TOPICS.map((t) => [t, Array.isArray(saved[t]) ? saved[t] : DEFAULT_TOPICS[t]]),
  ) as Record<Topic, Reach[]>;
  return {
    topics,
    phoneChannel: stored?.phoneChannel ?? "auto",
    whatsappPhoneNumberId: stored?.whatsappPhoneNumberId ?? null,
    whatsappTemplate: stored?.whatsappTemplate ?? null,
    smsFrom: stored?.smsFrom ?? null,
  };
}

/** Whether each provider channel can send for this tenant, and why not. */
export interface ChannelAvailability {
  sms: { ready: boolean; reason?: string };
  whatsapp: { ready: boolean; reason?: string };
  email: { ready: boolean; reason?: string };
  /** The phone channel in effect: the choice, or for "auto" the first one ready. */
  phone: "whatsapp" | "sms" | null;
}

export function channelAvailability(
  config: Config,
  settings: NotificationSettings,
): ChannelAvailability {
  const sms = !config.TWILIO_ACCOUNT_SID || !config.TWILIO_AUTH_TOKEN
    ? { ready: false, reason: "Twilio is not configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)" }
    : !(settings.smsFrom ?? config.TWILIO_FROM)
    ? { ready: false, reason: "No SMS number: set one here or TWILIO_FROM" }
    : { ready: true };
  const whatsapp = !config.WHATSAPP_ACCESS_TOKEN
    ? { ready: false, reason: "WhatsApp is not configured (WHATSAPP_ACCESS_TOKEN)" }
    : !settings.whatsappPhoneNumberId
    ? { ready: false, reason: "No WhatsApp phone number id: set one here" }
    : { ready: true };
  const email = config.SMTP_URL
    ? { ready: true }
    : { ready: false, reason: "Mail is not configured (SMTP_URL)" };
  const choice = settings.phoneChannel;
  const phone = choice === "none"
    ? null
    : choice === "whatsapp"
    ? (whatsapp.ready ? "whatsapp" : null)
    : choice === "sms"
    ? (sms.ready ? "sms" : null)
    : whatsapp.ready
    ? "whatsapp"
    : sms.ready
    ? "sms"
    : null;
  return { sms, whatsapp, email, phone };
}

/** Whether `channel` carries `topic` for this tenant (before asking whether the party is reachable). */
export function channelChosen(
  settings: NotificationSettings,
  availability: ChannelAvailability,
  topic: Topic,
  channel: ChannelName,
): boolean {
  const reaches = settings.topics[topic];
  if (channel === "sms" || channel === "whatsapp") {
    return reaches.includes("phone") && availability.phone === channel;
  }
  if (channel === "email") return reaches.includes("email") && availability.email.ready;
  return reaches.includes(channel);
}

export async function loadNotificationSettings(
  trx: Parameters<typeof findNotificationSettings>[0],
): Promise<NotificationSettings> {
  return notificationSettingsOf(await findNotificationSettings(trx));
}

export function getNotificationSettings(scope: TenantScope): Promise<NotificationSettings> {
  return withTenant(scope.db, scope.tenantId, loadNotificationSettings);
}

/**
 * A WhatsApp phone number id or SMS number another tenant uses is refused: the webhooks find
 * the tenant by them (looked up on the platform path, which sees every tenant's settings).
 */
async function refuseNumbersInUse(scope: TenantScope, input: NotificationSettingsInput) {
  if (!input.whatsappPhoneNumberId && !input.smsFrom) return;
  const taken = await withPlatform(
    scope.db,
    (trx) =>
      findOtherTenantUsingNumbers(trx, scope.tenantId, {
        whatsappPhoneNumberId: input.whatsappPhoneNumberId,
        smsFrom: input.smsFrom,
      }),
  );
  const fields: Record<string, string> = {};
  if (taken.whatsapp) {
    fields.whatsappPhoneNumberId = "Another business already uses this WhatsApp phone number id";
  }
  if (taken.sms) fields.smsFrom = "Another business already uses this SMS number";
  if (Object.keys(fields).length > 0) throw new DomainError("invalid_input", { fields });
}

/** Saves a change (any subset); topics not named keep their channels. */
export async function updateNotificationSettings(
  scope: TenantScope,
  input: NotificationSettingsInput,
): Promise<NotificationSettings> {
  await refuseNumbersInUse(scope, input);
  return await withTenant(scope.db, scope.tenantId, async (trx) => {
    const current = await loadNotificationSettings(trx);
    const next: NotificationSettings = {
      ...current,
      ...Object.fromEntries(
        Object.entries(input).filter(([k, v]) => k !== "topics" && v !== undefined),
      ),
      topics: { ...current.topics, ...(input.topics as Partial<Record<Topic, Reach[]>>) },
    };
    try {
      await upsertNotificationSettings(trx, scope.tenantId, next);
    } catch (err) {
      // Another tenant saved the same number at the same moment: the unique index decides.
      const constraint = (err as { constraint?: string }).constraint ?? String(err);
      if ((err as { code?: string }).code !== "23505") throw err;
      const field = constraint.includes("sms") ? "smsFrom" : "whatsappPhoneNumberId";
      throw new DomainError("invalid_input", {
        fields: { [field]: "Another business already uses this number" },
      });
    }
    await recordAction(trx, scope.tenantId, scope.actor, {
      action: "settings.notifications",
      resource: "notification_settings",
      resourceId: scope.tenantId,
      details: { changes: input },
    });
    return next;
  });
}
