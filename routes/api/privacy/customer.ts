import { Hono } from "hono";
import type { StaffEnv } from "../../../lib/http/app_env.ts";
import { readBody, validate } from "../../../lib/http/input.ts";
import { CustomerPhoneSchema } from "../../../lib/privacy/privacy_schema.ts";
import { eraseCustomerData, exportCustomerData } from "../../../lib/privacy/privacy.ts";
import { phoneLookup } from "../../../lib/phone/phone_number.ts";

/**
 * `/api/privacy/customer?phone=…`: everything held about one customer (JSON);
 * `POST /api/privacy/customer/erase { phone }`: erase it (entries anonymised, roll-ups kept).
 */
const app = new Hono<StaffEnv>();

app.get("/", async function exportCustomerRoute(c) {
  const { phone } = validate(CustomerPhoneSchema, c.req.query());
  c.header("Cache-Control", "no-store");
  const lookup = phoneLookup(phone, c.get("deps").config.PHONE_COUNTRY_CODE);
  return c.json(await exportCustomerData(c.get("scope"), lookup));
});

app.post("/erase", async function eraseCustomerRoute(c) {
  const { phone } = validate(CustomerPhoneSchema, await readBody(c));
  const lookup = phoneLookup(phone, c.get("deps").config.PHONE_COUNTRY_CODE);
  return c.json({ erased: await eraseCustomerData(c.get("scope"), lookup) });
});

export default app;
