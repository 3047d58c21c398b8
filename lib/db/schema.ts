import type { ColumnType, Generated } from "kysely";

/** Column names are camelCase here; CamelCasePlugin maps them to the snake_case columns. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = ColumnType<string, string, string>;

export type Plan = "FREE" | "BASIC" | "PREMIUM" | "ENTERPRISE";
export type Role = "OWNER" | "ADMIN" | "STAFF";
export type EntryStatus = "waiting" | "called" | "seated" | "completed" | "cancelled" | "no_show";
export type Platform = "web" | "whatsapp" | "sms" | "messenger" | "api";

export interface TenantsTable {
  id: Generated<string>;
  name: string;
  slug: string;
  domain: string | null;
  isActive: Generated<boolean>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface TenantSubscriptionsTable {
  id: Generated<string>;
  tenantId: string;
  plan: Generated<Plan>;
  status: Generated<string>;
  priority: Generated<string>;
  billingCycle: Generated<string>;
  startDate: Timestamp;
  endDate: Timestamp | null;
  maxMerchants: Generated<number>;
  maxQueuesPerMerchant: Generated<number>;
  maxUsersPerTenant: Generated<number>;
  aiFeatures: Generated<boolean>;
  analytics: Generated<boolean>;
  customBranding: Generated<boolean>;
  prioritySupport: Generated<boolean>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

interface UserColumns {
  id: Generated<string>;
  email: string;
  passwordHash: string | null;
  fullName: string;
  isActive: Generated<boolean>;
  lastLogin: Timestamp | null;
  passwordResetTokenHash: string | null;
  passwordResetExpires: Timestamp | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface TenantUsersTable extends UserColumns {
  tenantId: string;
  role: Generated<Role>;
}

export type BackOfficeUsersTable = UserColumns;

export interface MerchantsTable {
  id: Generated<string>;
  tenantId: string;
  businessName: string;
  email: string;
  phone: string;
  businessType: Generated<string>;
  timezone: Generated<string>;
  isActive: Generated<boolean>;
  logoUrl: string | null;
  brandColor: string | null;
  bannerImageUrl: string | null;
  /** The customer pages' language when the browser asks for none we speak. */
  defaultLocale: Generated<string>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface MerchantSettingsTable {
  id: Generated<string>;
  tenantId: string;
  merchantId: string;
  chatEnabled: Generated<boolean>;
  notificationChannels: Generated<string[]>;
  welcomeMessage: string | null;
  callMessage: string | null;
  language: Generated<string>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface MerchantAddressesTable {
  id: Generated<string>;
  tenantId: string;
  merchantId: string;
  street: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface BusinessHoursTable {
  id: Generated<string>;
  tenantId: string;
  merchantId: string;
  dayOfWeek: number;
  openTime: string;
  closeTime: string;
  isClosed: Generated<boolean>;
}

export interface QueuesTable {
  id: Generated<string>;
  tenantId: string;
  merchantId: string;
  name: string;
  description: string | null;
  isActive: Generated<boolean>;
  acceptingCustomers: Generated<boolean>;
  maxCapacity: Generated<number>;
  averageServiceTime: Generated<number>;
  currentServing: Generated<number>;
  autoNotifications: Generated<boolean>;
  notificationInterval: Generated<number>;
  /** "Almost your turn" when this many parties are ahead. */
  almostTurnAhead: Generated<number>;
  allowCancellation: Generated<boolean>;
  requireConfirmation: Generated<boolean>;
  businessHoursStart: Generated<string>;
  businessHoursEnd: Generated<string>;
  callTimeoutMinutes: Generated<number>;
  ticketPrefix: Generated<string>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  deletedAt: Timestamp | null;
}

export interface ServiceTypesTable {
  id: Generated<string>;
  tenantId: string;
  merchantId: string;
  queueId: string | null;
  name: string;
  description: string | null;
  estimatedServiceTime: number | null;
  isActive: Generated<boolean>;
  sortOrder: Generated<number>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface QueueEntriesTable {
  id: Generated<string>;
  tenantId: string;
  queueId: string;
  customerName: string;
  customerPhone: string;
  platform: Generated<Platform>;
  sortRank: number;
  status: Generated<EntryStatus>;
  serviceTypeId: string | null;
  partySize: Generated<number>;
  notes: string | null;
  specialRequests: string | null;
  verificationCode: string | null;
  sessionId: string;
  ticketNumber: string;
  serviceDate: DateOnly;
  idempotencyKey: string | null;
  joinedAt: Timestamp;
  calledAt: Timestamp | null;
  servedAt: Timestamp | null;
  completedAt: Timestamp | null;
  requeuedAt: Timestamp | null;
  lastNotified: Timestamp | null;
  notificationCount: Generated<number>;
  sentimentScore: number | null;
  webchatSessionId: string | null;
  version: Generated<number>;
  confirmedAt: Timestamp | null;
  customerEmail: string | null;
  almostNotifiedAt: Timestamp | null;
  lastRemindedAt: Timestamp | null;
  /** The wait quoted at join, in minutes (null before it was recorded). */
  quotedWaitMinutes: ColumnType<number | null, number | null | undefined, number | null>;
  /** The customer's language (en, ms, zh): their notifications speak it. */
  locale: Generated<string>;
}

export interface QueueTicketCountersTable {
  tenantId: string;
  queueId: string;
  serviceDate: DateOnly;
  lastNumber: number;
}

/** Each queue's live and waiting counts, kept by a trigger on `queue_entries` (not the app). */
export interface QueueLineCountsTable {
  queueId: string;
  tenantId: string;
  live: number;
  waiting: number;
}

export interface WebChatMessagesTable {
  id: Generated<string>;
  tenantId: string;
  queueEntryId: string;
  sender: "CUSTOMER" | "STAFF" | "SYSTEM";
  content: string;
  isRead: Generated<boolean>;
  createdAt: Timestamp;
}

/** A tenant's quick chat replies (one row per tenant; none means the defaults). */
export interface ChatTemplatesTable {
  tenantId: string;
  templates: string[];
  updatedAt: Generated<Date>;
}

export interface NotificationLogsTable {
  id: Generated<string>;
  tenantId: string;
  queueEntryId: string;
  channel: "WEBCHAT" | "WHATSAPP" | "EMAIL" | "SMS" | "PUSH";
  /** SENDING: claimed before the provider call; the outcome is not known yet. */
  status: NotificationStatus;
  message: string;
  errorMessage: string | null;
  sentAt: Timestamp;
  eventId: string | null;
  attempt: Generated<number>;
  topic: string | null;
  providerMessageId: string | null;
  /** A FAILED attempt whose error is worth another one. */
  retry: Generated<boolean>;
}

export type NotificationStatus = "SENDING" | "SENT" | "DELIVERED" | "FAILED" | "BOUNCED";

export interface NotificationSettingsTable {
  tenantId: string;
  topics: unknown;
  phoneChannel: Generated<"auto" | "whatsapp" | "sms" | "none">;
  whatsappPhoneNumberId: string | null;
  whatsappTemplate: string | null;
  smsFrom: string | null;
  updatedAt: Timestamp;
}

export interface QueueAnalyticsTable {
  id: Generated<string>;
  tenantId: string;
  queueId: string;
  date: ColumnType<string, string | undefined, string>;
  totalCustomers: Generated<number>;
  averageWaitTime: Generated<number>;
  peakHour: number | null;
  completionRate: Generated<number>;
  noShowRate: Generated<number>;
  /** One local day of one queue as lib/analytics/day_figures.ts sums it. */
  figures: Generated<unknown>;
  updatedAt: Generated<Date>;
}

/** Per tenant, the last local day whose roll-ups are complete. */
export interface AnalyticsRollupsTable {
  tenantId: string;
  rolledThrough: DateOnly;
  updatedAt: Generated<Date>;
}

export interface AuditLogsTable {
  id: Generated<string>;
  tenantId: string | null;
  userId: string | null;
  userType: "SUPERADMIN" | "MERCHANT" | "CUSTOMER" | "SYSTEM";
  action: string;
  resource: string;
  resourceId: string | null;
  details: unknown | null;
  ipAddress: string | null;
  userAgent: string | null;
  createdAt: Timestamp;
}

export interface ApiKeysTable {
  id: Generated<string>;
  tenantId: string;
  name: string;
  prefix: string;
  secretHash: string;
  role: Generated<"ADMIN" | "STAFF">;
  createdBy: string | null;
  createdAt: Timestamp;
  lastUsedAt: Timestamp | null;
  revokedAt: Timestamp | null;
}

export interface SystemSettingsTable {
  key: string;
  value: unknown;
  updatedAt: Timestamp;
}

export type OutboxStatus = "pending" | "done" | "dead";

export interface OutboxTable {
  id: string;
  tenantId: string | null;
  type: string;
  payload: unknown;
  pending: Generated<string[]>;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  runAt: Timestamp;
  lockedUntil: Timestamp | null;
  lastError: string | null;
  createdAt: Timestamp;
  doneAt: Timestamp | null;
}

export interface PushSubscriptionsTable {
  id: Generated<string>;
  tenantId: string;
  queueEntryId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  createdAt: Generated<Timestamp>;
}

export interface DeviceSessionsTable {
  id: Generated<string>;
  tenantId: string;
  kind: "display" | "kiosk";
  label: string;
  queueId: string | null;
  secretHash: string;
  createdBy: string | null;
  createdAt: Timestamp;
  lastSeenAt: Timestamp | null;
  revokedAt: Timestamp | null;
}

export interface Database {
  tenants: TenantsTable;
  tenantSubscriptions: TenantSubscriptionsTable;
  tenantUsers: TenantUsersTable;
  backOfficeUsers: BackOfficeUsersTable;
  merchants: MerchantsTable;
  merchantSettings: MerchantSettingsTable;
  merchantAddresses: MerchantAddressesTable;
  businessHours: BusinessHoursTable;
  queues: QueuesTable;
  serviceTypes: ServiceTypesTable;
  queueEntries: QueueEntriesTable;
  queueTicketCounters: QueueTicketCountersTable;
  queueLineCounts: QueueLineCountsTable;
  webChatMessages: WebChatMessagesTable;
  chatTemplates: ChatTemplatesTable;
  notificationLogs: NotificationLogsTable;
  queueAnalytics: QueueAnalyticsTable;
  auditLogs: AuditLogsTable;
  systemSettings: SystemSettingsTable;
  apiKeys: ApiKeysTable;
  outbox: OutboxTable;
  notificationSettings: NotificationSettingsTable;
  pushSubscriptions: PushSubscriptionsTable;
  deviceSessions: DeviceSessionsTable;
  analyticsRollups: AnalyticsRollupsTable;
  conversations: ConversationsTable;
  conversationMessages: ConversationMessagesTable;
}

/** The messaging channels a customer can queue by (issue 9). */
export type ConversationChannel = "whatsapp" | "sms";

export interface ConversationsTable {
  tenantId: string;
  phone: string;
  channel: ConversationChannel;
  locale: Generated<"en" | "ms" | "zh">;
  customerName: string | null;
  awaiting: "name" | "queue" | null;
  pending: unknown;
  lastInboundAt: Timestamp | null;
  optedOutAt: Timestamp | null;
  updatedAt: Timestamp;
}

export type ConversationMessageStatus =
  | "RECEIVED"
  | "HANDLED"
  | "PENDING"
  | "SENDING"
  | "SENT"
  | "FAILED"
  | "INTERRUPTED"
  /** Not sent: the customer sent STOP after it was written. */
  | "SKIPPED";

export interface ConversationMessagesTable {
  id: Generated<string>;
  tenantId: string;
  phone: string;
  channel: ConversationChannel;
  direction: "in" | "out";
  providerMessageId: string | null;
  body: string;
  profileName: string | null;
  optOutType: "STOP" | "START" | "HELP" | null;
  /** The one reply STOP still gets: its confirmation. */
  confirmsStop: Generated<boolean>;
  status: ConversationMessageStatus;
  error: string | null;
  createdAt: Timestamp;
  handledAt: Timestamp | null;
}
