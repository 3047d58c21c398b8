import { type Kysely, sql } from "kysely";

/**
 * Three languages (issue 13): the language a customer chose when joining, so every message
 * about their place goes out in it, and each location's default language for visitors whose
 * browser asks for none we speak.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table queue_entries add column locale text not null default 'en'
    check (locale in ('en', 'ms', 'zh'))`.execute(db);
  await sql`alter table merchants add column default_locale text not null default 'en'
    check (default_locale in ('en', 'ms', 'zh'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table merchants drop column if exists default_locale`.execute(db);
  await sql`alter table queue_entries drop column if exists locale`.execute(db);
}
