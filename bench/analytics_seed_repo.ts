import { type Kysely, sql } from "kysely";
import type { Database } from "../lib/db/schema.ts";

/**
 * A year of one queue (as the owner, in one statement per month): `perDay` visits a day from
 * 10:00 to 24:00 in UTC+8, most completed, one in ten a no-show, one in ten cancelled, a quote
 * and a wait that vary, over web, WhatsApp and the API. Only visits before now are written.
 */
export async function seedYear(
  owner: Kysely<Database>,
  ids: { tenantId: string; queueId: string },
  options: { days: number; perDay: number },
): Promise<number> {
  let total = 0;
  for (let from = 0; from < options.days; from += 30) {
    const to = Math.min(options.days, from + 30);
    const { numAffectedRows } = await sql`
      insert into queue_entries (tenant_id, queue_id, customer_name, customer_phone, platform,
        sort_rank, status, session_id, ticket_number, service_date, joined_at, called_at,
        served_at, completed_at, quoted_wait_minutes)
      select ${ids.tenantId}::uuid, ${ids.queueId}::uuid, 'Bench ' || g, '+6011' || g,
        (array['web','web','whatsapp','api'])[1 + g % 4], g,
        case g % 10 when 0 then 'no_show' when 1 then 'cancelled' else 'completed' end,
        'bench' || g, 'B' || g, (t.joined + interval '8 hours')::date, t.joined,
        case when g % 10 = 1 then null else t.joined + ((g * 7) % 45) * interval '1 minute' end,
        case when g % 10 > 5 then t.joined + ((g * 7) % 45 + 3 + g % 20) * interval '1 minute' end,
        case when g % 10 > 1 then t.joined + ((g * 7) % 45 + 30) * interval '1 minute' end,
        (g * 11) % 40
      from generate_series(${from * options.perDay}::int, ${to * options.perDay - 1}::int) g,
        lateral (select date_trunc('day', now() + interval '8 hours') - interval '8 hours'
          - (${options.days - 1}::int - g / ${options.perDay}::int) * interval '1 day'
          + (600 + (g % ${options.perDay}::int) * 840.0 / ${options.perDay}::int)
            * interval '1 minute' as joined) t
      where t.joined < now()`.execute(owner);
    total += Number(numAffectedRows ?? 0);
  }
  // As autovacuum would after a load this size: the planner needs to know the table's size.
  await sql`analyze queue_entries`.execute(owner);
  return total;
}
