import type { Kysely } from "kysely";
import type { Database, Plan } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import { hashPassword } from "../auth/password.ts";
import { upsertNotificationSettings } from "../notify/settings_repo.ts";
import {
  findTenantIdBySlug,
  insertMerchant,
  insertQueue,
  insertSubscription,
  insertTenant,
  insertTenantUser,
  upsertBackOfficeUser,
} from "./seed_repo.ts";

export const DEMO_LOGINS = {
  demoOwner: { email: "owner@demo.test", password: "demo1234" },
  demoStaff: { email: "staff@demo.test", password: "demo1234" },
  cafeOwner: { email: "owner@cafe.test", password: "cafe1234" },
  admin: { email: "admin@qms.test", password: "admin1234" },
} as const;

interface DemoTenant {
  slug: string;
  name: string;
  plan: Plan;
  businessType: string;
  limits: { maxMerchants: number; maxQueuesPerMerchant: number; maxUsersPerTenant: number };
  users: Array<{ email: string; password: string; fullName: string; role: "OWNER" | "STAFF" }>;
  queue: { name: string; description: string; averageServiceTime: number; ticketPrefix: string };
}

const TENANTS: DemoTenant[] = [
  {
    slug: "demo",
    name: "Demo Bistro",
    plan: "ENTERPRISE",
    businessType: "restaurant",
    limits: { maxMerchants: 10, maxQueuesPerMerchant: 20, maxUsersPerTenant: 100 },
    users: [
      { ...DEMO_LOGINS.demoOwner, fullName: "Olivia Owner", role: "OWNER" },
      { ...DEMO_LOGINS.demoStaff, fullName: "Sam Staff", role: "STAFF" },
    ],
    queue: {
      name: "Dine-in",
      description: "Tables for walk-in guests",
      averageServiceTime: 15,
      ticketPrefix: "A",
    },
  },
  {
    slug: "cafe",
    name: "Corner Cafe",
    plan: "FREE",
    businessType: "cafe",
    limits: { maxMerchants: 1, maxQueuesPerMerchant: 3, maxUsersPerTenant: 5 },
    users: [{ ...DEMO_LOGINS.cafeOwner, fullName: "Casey Cafe", role: "OWNER" }],
    queue: {
      name: "Counter",
      description: "Order and pick-up at the counter",
      averageServiceTime: 5,
      ticketPrefix: "C",
    },
  },
];

/**
 * Seeds the demo tenants, users and queues once (development only); a second run changes
 * nothing. Returns whether it wrote anything.
 */
export async function seedDemoData(
  owner: Kysely<Database>,
  db: Kysely<Database>,
  options: { bcryptRounds: number },
): Promise<boolean> {
  if (await findTenantIdBySlug(owner, "demo")) return false;
  const hash = (pw: string) => hashPassword(pw, options.bcryptRounds);
  await upsertBackOfficeUser(owner, {
    email: DEMO_LOGINS.admin.email,
    fullName: "Platform Admin",
    passwordHash: await hash(DEMO_LOGINS.admin.password),
  });
  for (const t of TENANTS) {
    const tenantId = await insertTenant(owner, { name: t.name, slug: t.slug });
    const hashes = await Promise.all(t.users.map((u) => hash(u.password)));
    await withTenant(db, tenantId, async (trx) => {
      await insertSubscription(trx, tenantId, t.plan, t.limits);
      for (const [i, u] of t.users.entries()) {
        await insertTenantUser(trx, {
          tenantId,
          email: u.email,
          fullName: u.fullName,
          role: u.role,
          passwordHash: hashes[i]!,
        });
      }
      const merchantId = await insertMerchant(trx, {
        tenantId,
        businessName: t.name,
        email: t.users[0]!.email,
        phone: "+60123456789",
        businessType: t.businessType,
        timezone: "Asia/Kuala_Lumpur",
      });
      await insertQueue(trx, {
        tenantId,
        merchantId,
        ...t.queue,
        maxCapacity: 200,
        businessHoursStart: "00:00",
        businessHoursEnd: "24:00",
      });
      if (t.slug === "demo") {
        // Sender ids of the provider sandboxes: real only once the providers are configured.
        await upsertNotificationSettings(trx, tenantId, {
          topics: {},
          phoneChannel: "auto",
          whatsappPhoneNumberId: "100000000000001",
          whatsappTemplate: null,
          smsFrom: "+15005550006",
        });
      }
    });
  }
  return true;
}
