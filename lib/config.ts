import { z } from "zod";

const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
const int = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const ConfigSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  HOSTNAME: z.string().default("0.0.0.0"),
  BASE_DOMAIN: z.string().min(1).default("localhost"),
  /** App connection: a role that is neither superuser nor BYPASSRLS. Unset = embedded PGlite. */
  DATABASE_URL: z.string().url().optional(),
  /** Owner connection for migrations; defaults to DATABASE_URL. */
  DATABASE_MIGRATION_URL: z.string().url().optional(),
  DATABASE_POOL_MAX: int(10),
  /** Every app session's statement_timeout and lock_timeout: no stuck query holds a lock long. */
  DATABASE_STATEMENT_TIMEOUT_MS: int(15_000),
  DATABASE_LOCK_TIMEOUT_MS: int(5_000),
  PGLITE_DIR: z.string().default(".data/pglite"),
  KV_PATH: z.string().default(".data/kv.sqlite3"),
  KV_URL: z.string().url().optional(),
  /** How often an open staff event stream checks that its session still exists. */
  STAFF_STREAM_RECHECK_MS: int(10_000),
  SESSION_SECRET: z.string().min(32).optional(),
  SESSION_COOKIE_SECURE: bool.optional(),
  BCRYPT_ROUNDS: z.coerce.number().int().min(4).max(15).default(12),
  TRUST_PROXY: bool.default(false),
  /** Proxies in front of the app: the client is this many X-Forwarded-For entries from the right. */
  TRUST_PROXY_HOPS: int(1),
  SEED_DEMO: bool.optional(),
  RATE_LIMIT_WINDOW_MS: int(900_000),
  RATE_LIMIT_MAX_FREE: int(100),
  RATE_LIMIT_MAX_BASIC: int(500),
  RATE_LIMIT_MAX_PREMIUM: int(2000),
  RATE_LIMIT_MAX_ENTERPRISE: int(10_000),
  RATE_LIMIT_JOIN_PER_MINUTE: int(10),
  /** The calling code of numbers typed without one ("012-345 6789" → +60 12-345 6789). */
  PHONE_COUNTRY_CODE: z.string().regex(/^[1-9][0-9]{0,2}$/, "PHONE_COUNTRY_CODE is 1 to 3 digits")
    .default("60"),
  /** Provider callbacks (/webhooks/…) per sending address per minute, apart from the plan's. */
  RATE_LIMIT_WEBHOOK_PER_MINUTE: int(6000),
  RATE_LIMIT_LOGIN_PER_15_MIN: int(10),
  /** Web chat messages per ticket per minute, for each side. */
  RATE_LIMIT_CHAT_PER_MINUTE: int(20),
  /** Messages one phone may send a tenant by WhatsApp or SMS per minute (more are dropped). */
  RATE_LIMIT_CONVERSATION_PER_MINUTE: int(10),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /** Signs API JWTs; production must set it (a development value is used otherwise). */
  JWT_SECRET: z.string().min(32).optional(),
  /** spec §7.1: development-only sign-in bypass; production refuses to start with it. */
  USE_AUTH_BYPASS: bool.default(false),
  /** Comma-separated addresses allowed to sign in to the back office with OAuth/OIDC. */
  SUPERADMIN_EMAILS: z.string().default(""),
  /** OIDC issuer for back-office sign-in (discovery at /.well-known/openid-configuration). */
  OAUTH_ISSUER: z.string().url().optional(),
  OAUTH_CLIENT_ID: z.string().optional(),
  OAUTH_CLIENT_SECRET: z.string().optional(),
  /** Outgoing mail, e.g. smtp://user:pass@smtp.example.com:587; unset = mail is logged only. */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default("StoreHub QMS <no-reply@localhost>"),
  FAILED_LOGIN_LIMIT: int(5),
  /** Outbox dispatcher: how often it looks for due events, tries per event, first retry delay. */
  OUTBOX_POLL_MS: int(1_000),
  OUTBOX_MAX_ATTEMPTS: int(8),
  OUTBOX_RETRY_BASE_MS: int(5_000),
  /** How long a claimed event is held before another dispatcher may take it over. */
  OUTBOX_LEASE_MS: int(60_000),
  /** SMS through Twilio's Messages API: all three (sid, token, a sender) or SMS is off. */
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_FROM: z.string().regex(/^\+[0-9]{7,15}$/, "TWILIO_FROM must be an E.164 number")
    .optional(),
  TWILIO_API_URL: z.string().url().default("https://api.twilio.com"),
  /** WhatsApp Cloud API: the token here, each tenant's phone number id in its settings. */
  WHATSAPP_ACCESS_TOKEN: z.string().optional(),
  WHATSAPP_API_URL: z.string().url().default("https://graph.facebook.com/v21.0"),
  /** The approved template sent outside the 24-hour window (one body variable: the message). */
  WHATSAPP_TEMPLATE: z.string().regex(/^[a-z0-9_]{1,100}$/).default("queue_update"),
  WHATSAPP_TEMPLATE_LANGUAGE: z.string().default("en"),
  /** Inbound WhatsApp: the app secret that signs Meta's webhooks (X-Hub-Signature-256). */
  WHATSAPP_APP_SECRET: z.string().optional(),
  /** Inbound WhatsApp: the token Meta's verification handshake must present. */
  WHATSAPP_VERIFY_TOKEN: z.string().optional(),
  /** One provider call's time limit (SMS, WhatsApp). */
  NOTIFY_TIMEOUT_MS: int(10_000),
  /** The public address of the app (scheme, host, port) for links and provider callbacks. */
  PUBLIC_BASE_URL: z.string().url().optional(),
  /** Web push (VAPID, RFC 8292): both keys base64url; unset outside production = a kept dev pair. */
  VAPID_PUBLIC_KEY: z.string().regex(/^[A-Za-z0-9_-]{87}$/, "87 base64url characters").optional(),
  VAPID_PRIVATE_KEY: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "43 base64url characters").optional(),
  /** Who push services may contact about our sends: a mailto: or https: address. */
  VAPID_SUBJECT: z.string().regex(/^(mailto:|https:\/\/)/, "a mailto: or https: address")
    .default("mailto:no-reply@localhost"),
  /** Hosts a push subscription may point at (comma list, `*.` for subdomains); unset = the known services. */
  PUSH_ENDPOINT_ALLOW: z.string().optional(),
  /** One push service request's time limit. */
  PUSH_TIMEOUT_MS: int(10_000),
  /** Months finished visits, chat and notification logs are kept (system settings may differ per plan). */
  RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(6),
  /** Serves GET /metrics (Prometheus) off tenant hosts to `Authorization: Bearer <token>`; unset = off. */
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
  /**
   * Where the realtime hub hears of changes: `kv` (Deno KV watch; one process, or a KV that
   * watches across instances) or `postgres` (LISTEN/NOTIFY; several processes or instances).
   */
  REALTIME_SOURCE: z.enum(["kv", "postgres"]).default("kv"),
  /** `/readyz` fails once the oldest undelivered outbox event is older than this (30 min). */
  READY_OUTBOX_LAG_MS: int(1_800_000),
  /** A kiosk clears itself (form or ticket) after this long without a touch. */
  KIOSK_IDLE_MS: int(20_000),
});

export type Config = z.infer<typeof ConfigSchema> & {
  isProduction: boolean;
  cookieSecure: boolean;
  seedDemo: boolean;
  sessionSecret: string;
  jwtSecret: string;
  superadminEmails: string[];
};

const DEV_SESSION_SECRET = "development-only-secret-do-not-use-in-production";
const DEV_JWT_SECRET = "development-only-jwt-secret-do-not-use-in-production";

/** Reads and validates the environment once; throws a readable message naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = Deno.env.toObject()): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ""),
  );
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const c = parsed.data;
  const isProduction = c.NODE_ENV === "production";
  if (!c.VAPID_PUBLIC_KEY !== !c.VAPID_PRIVATE_KEY) {
    throw new Error("Invalid configuration: set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY");
  }
  if (c.REALTIME_SOURCE === "postgres" && !c.DATABASE_URL) {
    throw new Error(
      "Invalid configuration: REALTIME_SOURCE=postgres needs DATABASE_URL (a PostgreSQL server); " +
        "the embedded PGlite serves one process, where REALTIME_SOURCE=kv does",
    );
  }
  if (isProduction) {
    const missing = (["SESSION_SECRET", "DATABASE_URL", "BASE_DOMAIN"] as const)
      .filter((k) => !cleaned[k]);
    if (missing.length > 0) {
      throw new Error(`Invalid configuration: production requires ${missing.join(", ")}`);
    }
    if (c.USE_AUTH_BYPASS) {
      throw new Error("Invalid configuration: USE_AUTH_BYPASS=true is refused in production");
    }
  }
  return {
    ...c,
    isProduction,
    cookieSecure: c.SESSION_COOKIE_SECURE ?? isProduction,
    seedDemo: c.SEED_DEMO ?? !isProduction,
    sessionSecret: c.SESSION_SECRET ?? DEV_SESSION_SECRET,
    jwtSecret: c.JWT_SECRET ?? c.SESSION_SECRET ?? DEV_JWT_SECRET,
    superadminEmails: c.SUPERADMIN_EMAILS.split(",").map((e) => e.trim().toLowerCase())
      .filter((e) => e.length > 0),
  };
}
