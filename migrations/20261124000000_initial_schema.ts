import { type Kysely, sql } from "kysely";

/** Tables whose rows belong to one tenant: each gets FORCE row-level security. */
export const TENANT_TABLES = [
  "tenant_subscriptions",
  "tenant_users",
  "merchants",
  "merchant_settings",
  "merchant_addresses",
  "business_hours",
  "queues",
  "service_types",
  "queue_entries",
  "queue_ticket_counters",
  "web_chat_messages",
  "notification_logs",
  "queue_analytics",
  "audit_logs",
] as const;

const CREATED = sql`created_at timestamptz not null default now()`;
const UPDATED = sql`updated_at timestamptz not null default now()`;
const TENANT = sql`tenant_id uuid not null references tenants(id) on delete cascade`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // The role the app runs as: no superuser, no BYPASSRLS, so every policy below applies to it.
  await sql`do $$ begin
    if not exists (select from pg_roles where rolname = 'qms_app') then
      create role qms_app nologin nosuperuser nobypassrls;
    end if;
  end $$`.execute(db);

  await sql`create table tenants (
    id uuid primary key default gen_random_uuid(),
    name text not null check (length(name) between 2 and 100),
    slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$'),
    domain text unique,
    is_active boolean not null default true,
    ${CREATED}, ${UPDATED}
  )`.execute(db);
  await sql`create index tenants_is_active_idx on tenants (is_active)`.execute(db);

  await sql`create table tenant_subscriptions (
    id uuid primary key default gen_random_uuid(),
    ${TENANT} unique,
    plan text not null default 'FREE' check (plan in ('FREE','BASIC','PREMIUM','ENTERPRISE')),
    status text not null default 'active'
      check (status in ('active','trial','past_due','suspended','cancelled','expired')),
    priority text not null default 'standard' check (priority in ('low','standard','high','critical')),
    billing_cycle text not null default 'monthly' check (billing_cycle in ('monthly','quarterly','yearly')),
    start_date timestamptz not null default now(),
    end_date timestamptz,
    max_merchants int not null default 1 check (max_merchants >= 0),
    max_queues_per_merchant int not null default 3 check (max_queues_per_merchant >= 0),
    max_users_per_tenant int not null default 5 check (max_users_per_tenant >= 0),
    ai_features boolean not null default false,
    analytics boolean not null default false,
    custom_branding boolean not null default false,
    priority_support boolean not null default false,
    ${CREATED}, ${UPDATED}
  )`.execute(db);

  await sql`create table tenant_users (
    id uuid primary key default gen_random_uuid(),
    ${TENANT},
    email text not null check (email = lower(email)),
    password_hash text,
    full_name text not null,
    role text not null default 'STAFF' check (role in ('OWNER','ADMIN','STAFF')),
    is_active boolean not null default true,
    last_login timestamptz,
    password_reset_token_hash text,
    password_reset_expires timestamptz,
    ${CREATED}, ${UPDATED},
    unique (tenant_id, email)
  )`.execute(db);

  await sql`create table back_office_users (
    id uuid primary key default gen_random_uuid(),
    email text not null unique check (email = lower(email)),
    password_hash text,
    full_name text not null,
    is_active boolean not null default true,
    last_login timestamptz,
    password_reset_token_hash text,
    password_reset_expires timestamptz,
    ${CREATED}, ${UPDATED}
  )`.execute(db);
  await sql`create index back_office_users_is_active_idx on back_office_users (is_active)`
    .execute(db);

  await sql`create table merchants (
    id uuid primary key default gen_random_uuid(),
    ${TENANT},
    business_name text not null,
    email text not null,
    phone text not null,
    business_type text not null default 'restaurant'
      check (business_type in ('restaurant','cafe','retail','salon','clinic','service','other')),
    timezone text not null default 'UTC',
    is_active boolean not null default true,
    logo_url text,
    brand_color text check (brand_color ~ '^#[0-9a-fA-F]{6}$'),
    banner_image_url text,
    ${CREATED}, ${UPDATED},
    unique (tenant_id, email)
  )`.execute(db);
  await sql`create index merchants_tenant_active_idx on merchants (tenant_id, is_active)`.execute(
    db,
  );
  await sql`create index merchants_business_name_idx on merchants (business_name)`.execute(db);
  await sql`create index merchants_business_type_idx on merchants (business_type)`.execute(db);

  await sql`create table merchant_settings (
    id uuid primary key default gen_random_uuid(),
    ${TENANT},
    merchant_id uuid not null unique references merchants(id) on delete cascade,
    chat_enabled boolean not null default true,
    notification_channels text[] not null default '{WEBCHAT}',
    welcome_message text,
    call_message text,
    language text not null default 'en',
    ${CREATED}, ${UPDATED}
  )`.execute(db);

  await sql`create table merchant_addresses (
    id uuid primary key default gen_random_uuid(),
    ${TENANT},
    merchant_id uuid not null unique references merchants(id) on delete cascade,
    street text, city text, state text, postal_code text, country text,
    ${CREATED}, ${UPDATED}
  )`.execute(db);

  await sql`create table business_hours (
    id uuid primary key default gen_random_uuid(),
    ${TENANT},
    merchant_id uuid not null references merchants(id) on delete cascade,
    day_of_week smallint not null check (day_of_week between 0 and 6),
    open_time text not null check (open_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
    close_time text not null check (close_time ~ '^([01][0-9]|2[0-4]):[0-5][0-9]$'),
    is_closed boolean not null default false,
    unique (merchant_id, day_of_week)
  )`.execute(db);

  await sql`create table queues (
    id uuid primary key default gen_random_uuid(),
    ${TENANT},
    merchant_id uuid not null references merchants(id) on delete cascade,
    name text not null check (length(name) between 1 and 100),
    description text,
    is_active boolean not null default true,
    accepting_customers boolean not null default true,
    max_capacity int not null default 50 check (max_capacity between 1 and 10000),
    average_service_time int not null default 30 check (average_service_time between 1 and 1440),
    current_serving int not null default 0,
    auto_notifications boolean not null default true,
    notification_interval int not null default 5 check (notification_interval >= 0),
    allow_cancellation boolean not null default true,
    require_confirmation boolean not null default true,
    business_hours_start text not null default '09:00'
      check (business_hours_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
    business_hours_end text not null default '17:00'
      check (business_hours_end ~ '^([01][0-9]|2[0-4]):[0-5][0-9]$'),
    call_timeout_minutes int not null default 10 check (call_timeout_minutes between 1 and 240),
    ticket_prefix text not null default 'A' check (ticket_prefix ~ '^[A-Z]$'),
    ${CREATED}, ${UPDATED}
  )`.execute(db);
  await sql`create index queues_tenant_idx on queues (tenant_id)`.execute(db);
  await sql`create index queues_merchant_idx on queues (merchant_id)`.execute(db);

  await sql`create table service_types (
    id uuid primary key default gen_random_uuid(),
    ${TENANT},
    merchant_id uuid not null references merchants(id) on delete cascade,
    queue_id uuid references queues(id) on delete cascade,
    name text not null,
    description text,
    estimated_service_time int check (estimated_service_time between 1 and 1440),
    is_active boolean not null default true,
    sort_order int not null default 0,
    ${CREATED}, ${UPDATED}
  )`.execute(db);
  await sql`create index service_types_tenant_queue_idx on service_types (tenant_id, queue_id)`
    .execute(db);

  await sql`create table queue_entries (
    id uuid primary key default gen_random_uuid(),
    ${TENANT},
    queue_id uuid not null references queues(id) on delete cascade,
    customer_id text not null,
    customer_name text not null,
    customer_phone text not null,
    platform text not null default 'web' check (platform in ('web','whatsapp','messenger','api')),
    position int not null,
    sort_rank double precision not null,
    estimated_wait_time int not null default 0,
    status text not null default 'waiting'
      check (status in ('waiting','called','seated','completed','cancelled','no_show')),
    service_type_id uuid references service_types(id) on delete set null,
    party_size int not null default 1 check (party_size between 1 and 20),
    notes text check (length(notes) <= 500),
    special_requests text check (length(special_requests) <= 500),
    verification_code text,
    session_id text not null unique,
    ticket_number text not null,
    service_date date not null,
    idempotency_key text,
    joined_at timestamptz not null default now(),
    called_at timestamptz,
    served_at timestamptz,
    completed_at timestamptz,
    requeued_at timestamptz,
    last_notified timestamptz,
    notification_count int not null default 0,
    sentiment_score double precision,
    webchat_session_id text,
    version int not null default 1,
    unique (queue_id, service_date, ticket_number)
  )`.execute(db);
  await sql`create index queue_entries_tenant_idx on queue_entries (tenant_id)`.execute(db);
  await sql`create index queue_entries_queue_status_idx on queue_entries (queue_id, status, sort_rank)`
    .execute(db);
  await sql`create index queue_entries_customer_idx on queue_entries (customer_id)`.execute(db);
  await sql`create index queue_entries_tenant_status_joined_idx
    on queue_entries (tenant_id, status, joined_at)`.execute(db);
  await sql`create index queue_entries_tenant_queue_position_idx
    on queue_entries (tenant_id, queue_id, position)`.execute(db);
  // One live entry per phone per queue, held by the database under concurrent joins.
  await sql`create unique index queue_entries_live_phone_idx on queue_entries (queue_id, customer_phone)
    where status in ('waiting','called')`.execute(db);
  await sql`create unique index queue_entries_idempotency_idx on queue_entries (queue_id, idempotency_key)
    where idempotency_key is not null`.execute(db);

  await sql`create table queue_ticket_counters (
    ${TENANT},
    queue_id uuid not null references queues(id) on delete cascade,
    service_date date not null,
    last_number int not null,
    primary key (queue_id, service_date)
  )`.execute(db);

  await sql`create table web_chat_messages (
    id uuid primary key default gen_random_uuid(),
    ${TENANT},
    queue_entry_id uuid not null references queue_entries(id) on delete cascade,
    sender text not null check (sender in ('CUSTOMER','STAFF','SYSTEM')),
    content text not null check (length(content) between 1 and 2000),
    is_read boolean not null default false,
    ${CREATED}
  )`.execute(db);
  await sql`create index web_chat_messages_tenant_idx on web_chat_messages (tenant_id)`.execute(db);
  await sql`create index web_chat_messages_entry_idx on web_chat_messages (queue_entry_id, created_at)`
    .execute(db);

  await sql`create table notification_logs (
    id uuid primary key default gen_random_uuid(),
    ${TENANT},
    queue_entry_id uuid not null references queue_entries(id) on delete cascade,
    channel text not null check (channel in ('WEBCHAT','WHATSAPP','EMAIL','SMS','PUSH')),
    status text not null check (status in ('SENT','DELIVERED','FAILED','BOUNCED')),
    message text not null,
    error_message text,
    sent_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index notification_logs_tenant_idx on notification_logs (tenant_id)`.execute(db);
  await sql`create index notification_logs_entry_idx on notification_logs (queue_entry_id)`.execute(
    db,
  );

  await sql`create table queue_analytics (
    id uuid primary key default gen_random_uuid(),
    ${TENANT},
    queue_id uuid not null references queues(id) on delete cascade,
    date date not null default current_date,
    total_customers int not null default 0,
    average_wait_time double precision not null default 0,
    peak_hour smallint check (peak_hour between 0 and 23),
    completion_rate double precision not null default 0,
    no_show_rate double precision not null default 0,
    unique (queue_id, date)
  )`.execute(db);
  await sql`create index queue_analytics_tenant_date_idx on queue_analytics (tenant_id, date)`
    .execute(db);

  // tenant_id is null for platform events; those rows are visible only on the platform path.
  await sql`create table audit_logs (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid references tenants(id) on delete cascade,
    user_id uuid,
    user_type text not null check (user_type in ('SUPERADMIN','MERCHANT','CUSTOMER','SYSTEM')),
    action text not null,
    resource text not null,
    resource_id text,
    details jsonb,
    ip_address text,
    user_agent text,
    ${CREATED}
  )`.execute(db);
  await sql`create index audit_logs_tenant_idx on audit_logs (tenant_id)`.execute(db);
  await sql`create index audit_logs_user_idx on audit_logs (user_id)`.execute(db);
  await sql`create index audit_logs_created_idx on audit_logs (created_at)`.execute(db);
  await sql`create index audit_logs_tenant_created_idx on audit_logs (tenant_id, created_at)`
    .execute(db);

  await sql`create table system_settings (
    key text primary key,
    value jsonb not null,
    ${UPDATED}
  )`.execute(db);

  for (const table of TENANT_TABLES) {
    const t = sql.table(table);
    await sql`alter table ${t} enable row level security`.execute(db);
    await sql`alter table ${t} force row level security`.execute(db);
    await sql`create policy tenant_isolation on ${t}
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`
      .execute(db);
    await sql`grant select, insert, update, delete on ${t} to qms_app`.execute(db);
  }
  await sql`grant usage on schema public to qms_app`.execute(db);
  // Platform tables hold no tenant rows; the app reads them to resolve hosts and sign in admins.
  await sql`grant select on tenants, back_office_users, system_settings to qms_app`.execute(db);
  await sql`grant update (last_login) on back_office_users to qms_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (
    const table of [
      "system_settings",
      ...[...TENANT_TABLES].reverse().filter((t) => t !== "tenant_subscriptions"),
      "tenant_subscriptions",
      "back_office_users",
      "tenants",
    ]
  ) {
    await sql`drop table if exists ${sql.table(table)} cascade`.execute(db);
  }
}
