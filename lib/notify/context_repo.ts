import type { Tx } from "../db/transaction_repo.ts";
import type { EntryStatus, Platform } from "../db/schema.ts";

export interface NotifyEntry {
  id: string;
  queueId: string;
  status: EntryStatus;
  ticketNumber: string;
  customerPhone: string;
  customerEmail: string | null;
  sessionId: string;
  /** How the party joined: WhatsApp and SMS parties hear back on their own channel. */
  platform: Platform;
  /** The language the customer joined in. */
  locale: string;
  /** Browsers that asked for this entry's push notifications. */
  pushSubscriptions: number;
}

/** The facts a message about one entry needs (under the tenant's row-level security). */
export async function findNotifyEntry(trx: Tx, entryId: string): Promise<NotifyEntry | null> {
  const row = await trx.selectFrom("queueEntries").select([
    "id",
    "queueId",
    "status",
    "ticketNumber",
    "customerPhone",
    "customerEmail",
    "sessionId",
    "platform",
    "locale",
    (eb) =>
      eb.selectFrom("pushSubscriptions").select((sub) => sub.fn.countAll<string>().as("n"))
        .whereRef("pushSubscriptions.queueEntryId", "=", "queueEntries.id").as("pushSubscriptions"),
  ]).where("id", "=", entryId).executeTakeFirst();
  return row ? { ...row, pushSubscriptions: Number(row.pushSubscriptions ?? 0) } : null;
}

/** A tenant's name and slug (on the platform path: the tenants table is the platform's). */
export async function findTenantIdentity(
  trx: Tx,
  tenantId: string,
): Promise<{ name: string; slug: string; domain: string | null } | null> {
  const row = await trx.selectFrom("tenants").select(["name", "slug", "domain"])
    .where("id", "=", tenantId).executeTakeFirst();
  return row ?? null;
}
